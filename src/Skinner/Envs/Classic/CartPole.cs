using System.Runtime.CompilerServices;
using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// CartPole (Barto, Sutton and Anderson, 1983), as Gymnasium's <c>CartPole-v0</c> and <c>CartPole-v1</c>
/// (one class; the registrations differ only in time limit and threshold). A pole is hinged on a cart that
/// is pushed left (action 0) or right (action 1) with 10 N; the episode terminates when the pole leans past
/// 12° or the cart leaves ±2.4 m. Step by step equal to Gymnasium: the same float64 operations in the same
/// order (specs/environments.md §2).
/// </summary>
public sealed class CartPole : ClassicControlEnv
{
    private const double Gravity = 9.8, MassCart = 1.0, MassPole = 0.1, Length = 0.5, ForceMag = 10.0, Tau = 0.02;
    private const double XThreshold = 2.4;

    // Computed, not written as literals, so that they round exactly as Gymnasium's expressions do.
    private static readonly double s_totalMass = MassPole + MassCart;
    private static readonly double s_poleMassLength = MassPole * Length;
    private static readonly double s_thetaThreshold = 12 * 2 * Math.PI / 360;
    private static readonly double s_fourThirds = 4.0 / 3.0;

    private readonly bool _suttonBartoReward;
    private readonly double _stepReward; // the reward of a step that does not terminate
    private double _x, _xDot, _theta, _thetaDot;
    private int? _stepsBeyondTerminated;

    /// <summary>Creates the environment.</summary>
    /// <param name="suttonBartoReward">
    /// Gymnasium's <c>sutton_barto_reward</c>: 0 per step and −1 on termination, instead of +1 per step.
    /// </param>
    public CartPole(bool suttonBartoReward = false)
    {
        _suttonBartoReward = suttonBartoReward;
        _stepReward = suttonBartoReward ? 0.0 : 1.0;
        float[] high = [(float)(XThreshold * 2), float.PositiveInfinity, (float)(s_thetaThreshold * 2), float.PositiveInfinity];
        ObservationSpace = new Box([.. high.Select(h => -h)], high);
    }

    /// <summary>The pole angle (radians) past which the episode terminates: 12°.</summary>
    public static double ThetaThreshold => s_thetaThreshold;

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(2);

    /// <inheritdoc />
    public override int StateSize => 4;

    /// <inheritdoc />
    public override double[] GetState() => [_x, _xDot, _theta, _thetaDot];

    /// <inheritdoc />
    public override float[] Observe() => [(float)_x, (float)_xDot, (float)_theta, (float)_thetaDot];

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action, 2);
        // force_mag if action == 1 else -force_mag, without a branch that random actions mispredict: exact for 0 and 1.
        double force = ForceMag * ((2 * a) - 1);
        var (s, c) = Math.SinCos(_theta);
        double temp = (force + (s_poleMassLength * (_thetaDot * _thetaDot) * s)) / s_totalMass;
        double thetaAcc = ((Gravity * s) - (c * temp)) / (Length * (s_fourThirds - (MassPole * (c * c) / s_totalMass)));
        double xAcc = temp - (s_poleMassLength * thetaAcc * c / s_totalMass);

        // Explicit Euler: every right-hand side uses the old values.
        double x = _x + (Tau * _xDot);
        double xDot = _xDot + (Tau * xAcc);
        double theta = _theta + (Tau * _thetaDot);
        double thetaDot = _thetaDot + (Tau * thetaAcc);
        (_x, _xDot, _theta, _thetaDot) = (x, xDot, theta, thetaDot);

        bool terminated = x < -XThreshold | x > XThreshold | theta < -s_thetaThreshold | theta > s_thetaThreshold;
        return new StepResult(Observe(), terminated ? TerminalReward() : _stepReward, terminated, false, null);
    }

    /// <summary>Draws the cart and pole as Gymnasium's <c>rgb_array</c>: 600 × 400 (specs/environments.md §2.6).</summary>
    public override Frame? Render() => CartPoleRenderer.Draw(_x, _theta);

    /// <summary>Captures the cart position and pole angle; the picture is drawn when the capture is.</summary>
    public override PendingFrame? CaptureFrame()
    {
        double x = _x, theta = _theta;
        return new PendingFrame(() => CartPoleRenderer.Draw(x, theta));
    }

    /// <inheritdoc />
    protected override void ResetState(IReadOnlyDictionary<string, object>? options)
    {
        var (low, high) = ResetBounds(options, -0.05, 0.05);
        _x = Random.Uniform(low, high);
        _xDot = Random.Uniform(low, high);
        _theta = Random.Uniform(low, high);
        _thetaDot = Random.Uniform(low, high);
        _stepsBeyondTerminated = null;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state) =>
        (_x, _xDot, _theta, _thetaDot) = (state[0], state[1], state[2], state[3]);

    // Gymnasium rewards the terminating step like any other, and gives 0 (or −1) to steps taken after it.
    private double TerminalReward()
    {
        if (_stepsBeyondTerminated is null)
        {
            _stepsBeyondTerminated = 0;
            return _suttonBartoReward ? -1.0 : 1.0;
        }
        _stepsBeyondTerminated++;
        return _suttonBartoReward ? -1.0 : 0.0;
    }
}
