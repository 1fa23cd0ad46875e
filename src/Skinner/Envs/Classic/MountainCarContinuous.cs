using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Mountain car with a continuous force, as Gymnasium's <c>MountainCarContinuous-v0</c>: the force in
/// [−1, 1] (clamped, as Gymnasium clamps it), goal at position 0.45, reward 100 at the goal minus
/// <c>0.1·a²</c> per step with the raw action. Step by step equal to Gymnasium (specs/environments.md §5),
/// including its quirk of storing the state as float32 after every step, so that the first step after a
/// reset runs on float64 values and the later ones on float32 values. NumPy 2 type promotion by default;
/// NumPy 1.x promotion on request.
/// </summary>
public sealed class MountainCarContinuous : ClassicControlEnv
{
    private const double MinAction = -1.0, MaxAction = 1.0, MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07;
    private const double GoalPosition = 0.45, Power = 0.0015;

    private readonly bool _legacy;
    private readonly double _goalVelocity;
    private double _position, _velocity;
    private bool _float32State;

    /// <summary>Creates the environment.</summary>
    /// <param name="goalVelocity">The least velocity at the goal that ends the episode (Gymnasium's <c>goal_velocity</c>).</param>
    /// <param name="legacyNumpy1Promotion">
    /// True to reproduce NumPy 1.x, where every operation on the float32 action and state is float64;
    /// false (the default) for NumPy ≥ 2, where they stay float32 (specs/environments.md §5.3).
    /// </param>
    public MountainCarContinuous(double goalVelocity = 0, bool legacyNumpy1Promotion = false)
    {
        _goalVelocity = goalVelocity;
        _legacy = legacyNumpy1Promotion;
    }

    /// <summary>Whether NumPy 1.x type promotion is reproduced.</summary>
    public bool LegacyNumpy1Promotion => _legacy;

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Box((float)MinAction, (float)MaxAction, 1);

    /// <inheritdoc />
    public override int StateSize => 2;

    /// <summary>True after a step (Gymnasium stores a float32 array), false after a reset or <c>SetState</c> (float64).</summary>
    public bool StateIsFloat32 => _float32State;

    /// <inheritdoc />
    public override double[] GetState() => [_position, _velocity];

    /// <summary>Replaces the state by a float32 array, as a step leaves it.</summary>
    public void SetFloat32State(ReadOnlySpan<float> state)
    {
        if (state.Length != 2) throw new ArgumentException($"MountainCarContinuous has a state of 2 values, got {state.Length}.", nameof(state));
        (_position, _velocity) = (state[0], state[1]);
        _float32State = true;
    }

    /// <inheritdoc />
    public override float[] Observe() => [(float)_position, (float)_velocity];

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        float a = ScalarAction(action);
        var (position, velocity) = _legacy ? StepFloat64(a)
            : _float32State ? StepFloat32State(a)
            : StepFloat64State(a);
        bool terminated = position.AtLeast(GoalPosition) && velocity.AtLeast(_goalVelocity);
        double reward = (terminated ? 100.0 : 0.0) - (PowSquare.Of(a) * 0.1);
        (_position, _velocity) = ((float)position.Value, (float)velocity.Value);
        _float32State = true;
        return new StepResult(Observe(), reward, terminated, false, null);
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
        _float32State = false;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        (_position, _velocity) = (state[0], state[1]);
        _float32State = false;
    }

    // NumPy 1.x: the float32 action and state are widened, everything is float64.
    private (Num P, Num V) StepFloat64(float a)
    {
        double force = Math.Min(Math.Max(a, MinAction), MaxAction);
        double velocity = _velocity + ((force * Power) - (0.0025 * Math.Cos(3 * _position)));
        return Clamp(Num.Of(_position), Num.Of(velocity));
    }

    // NumPy 2, first step after a reset: the state is float64, the force term float32.
    private (Num P, Num V) StepFloat64State(float a)
    {
        double c = 0.0025 * Math.Cos(3 * _position);
        double x = ForceIsFloat32(a) ? (float)((a * (float)Power) - (float)c) : (Math.Sign(a) * Power) - c;
        return Clamp(Num.Of(_position), Num.Of(_velocity + x));
    }

    // NumPy 2, later steps: the state is float32 and a Python float meeting it is rounded to float32.
    private (Num P, Num V) StepFloat32State(float a)
    {
        float p0 = (float)_position, v0 = (float)_velocity;
        double c = 0.0025 * Math.Cos((float)(3f * p0));
        double x = ForceIsFloat32(a) ? (float)((a * (float)Power) - (float)c) : (Math.Sign(a) * Power) - c;
        float v = v0 + (float)x;
        return Clamp(Num.Of(p0), Num.Of(v));
    }

    // Python's min(max(a, -1.0), 1.0) returns the float32 action itself when it is in range.
    private static bool ForceIsFloat32(float a) => a >= MinAction && a <= MaxAction;

    // The velocity clamp, the position update and its clamps, and the left wall; a clamped value becomes
    // the Python float constant (float64) while an unclamped one keeps its type.
    private static (Num P, Num V) Clamp(Num position, Num velocity)
    {
        if (velocity.GreaterThan(MaxSpeed)) velocity = Num.Of(MaxSpeed);
        if (velocity.LessThan(-MaxSpeed)) velocity = Num.Of(-MaxSpeed);
        position = position.Add(velocity);
        if (position.GreaterThan(MaxPosition)) position = Num.Of(MaxPosition);
        if (position.LessThan(MinPosition)) position = Num.Of(MinPosition);
        if (position.EqualTo(MinPosition) && velocity.LessThan(0)) velocity = Num.Of(0.0);
        return (position, velocity);
    }

    /// <summary>
    /// A NumPy scalar that is either float64 or float32. Under NumPy 2 (NEP 50) a float32 meeting a Python
    /// float stays float32: the Python number is rounded to float32 first, in arithmetic and comparisons.
    /// </summary>
    private readonly record struct Num(double Value, bool IsFloat32)
    {
        public static Num Of(double v) => new(v, false);

        public static Num Of(float v) => new(v, true);

        public bool GreaterThan(double constant) => IsFloat32 ? (float)Value > (float)constant : Value > constant;

        public bool LessThan(double constant) => IsFloat32 ? (float)Value < (float)constant : Value < constant;

        public bool EqualTo(double constant) => IsFloat32 ? (float)Value == (float)constant : Value == constant;

        public bool AtLeast(double constant) => IsFloat32 ? (float)Value >= (float)constant : Value >= constant;

        // float64 + anything is float64; float32 + float32 or float32 + Python float is float32.
        public Num Add(Num other) => IsFloat32 ? Of((float)Value + (float)other.Value) : Of(Value + other.Value);
    }
}
