using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Mountain car (Moore, 1990), as Gymnasium's <c>MountainCar-v0</c>: an underpowered car in a valley must
/// rock back and forth to reach the flag at position 0.5. Actions: 0 accelerate left, 1 coast, 2 accelerate
/// right; −1 per step. Step by step equal to Gymnasium (specs/environments.md §4).
/// </summary>
public sealed class MountainCar : ClassicControlEnv
{
    internal const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.5;
    private const double Force = 0.001, GravityConstant = 0.0025;

    private readonly double _goalVelocity;
    private double _position, _velocity;

    /// <summary>Creates the environment.</summary>
    /// <param name="goalVelocity">The least velocity at the goal that ends the episode (Gymnasium's <c>goal_velocity</c>).</param>
    public MountainCar(double goalVelocity = 0)
    {
        _goalVelocity = goalVelocity;
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(3);

    /// <inheritdoc />
    public override int StateSize => 2;

    /// <inheritdoc />
    public override double[] GetState() => [_position, _velocity];

    /// <inheritdoc />
    public override float[] Observe() => [(float)_position, (float)_velocity];

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action, 3);
        double velocity = _velocity + (((a - 1) * Force) + (Math.Cos(3 * _position) * -GravityConstant));
        velocity = Math.Min(Math.Max(velocity, -MaxSpeed), MaxSpeed);
        double position = _position + velocity;
        position = Math.Min(Math.Max(position, MinPosition), MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        (_position, _velocity) = (position, velocity);
        bool terminated = position >= GoalPosition && velocity >= _goalVelocity;
        return new StepResult(Observe(), -1.0, terminated, false, null);
    }

    /// <summary>Draws the hill, car and flag as Gymnasium's <c>rgb_array</c>: 600 × 400.</summary>
    public override Frame? Render() => MountainCarRenderer.Draw(_position, GoalPosition);

    /// <summary>Captures the car's position; the picture is drawn when the capture is.</summary>
    public override PendingFrame? CaptureFrame()
    {
        double position = _position, goal = GoalPosition;
        return new PendingFrame(() => MountainCarRenderer.Draw(position, goal));
    }

    /// <inheritdoc />
    protected override void ResetState(IReadOnlyDictionary<string, object>? options)
    {
        var (low, high) = ResetBounds(options, -0.6, -0.4);
        _position = Random.Uniform(low, high);
        _velocity = 0;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state) => (_position, _velocity) = (state[0], state[1]);
}
