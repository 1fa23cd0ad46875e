using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// The acrobot (Sutton, 1996), as Gymnasium's <c>Acrobot-v1</c>: two links hanging from a pivot, with a
/// torque of −1, 0 or +1 (actions 0, 1, 2) on the joint between them. The goal is to swing the tip above a
/// line one link length over the pivot; −1 per step, 0 on the step that reaches it. One RK4 step of 0.2 s
/// per action with the "book" dynamics. Step by step equal to Gymnasium (specs/environments.md §6).
/// </summary>
public sealed class Acrobot : ClassicControlEnv
{
    private const double Dt = 0.2;
    private static readonly double[] s_torques = [-1.0, 0.0, 1.0];
    private static readonly double s_maxVel1 = 4 * Math.PI, s_maxVel2 = 9 * Math.PI;

    // The constants of _dsdt folded exactly as Gymnasium's expressions evaluate with unit masses and lengths.
    private const double HalfPi = Math.PI / 2.0;
    private static readonly double s_phi1Gravity = ((1.0 * 0.5) + (1.0 * 1.0)) * 9.8;
    private static readonly double s_phi2Gravity = 1.0 * 0.5 * 9.8;

    private readonly double[] _state = new double[4];

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box(
        [-1f, -1f, -1f, -1f, -(float)s_maxVel1, -(float)s_maxVel2],
        [1f, 1f, 1f, 1f, (float)s_maxVel1, (float)s_maxVel2]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(3);

    /// <inheritdoc />
    public override int StateSize => 4;

    /// <inheritdoc />
    public override double[] GetState() => [.. _state];

    /// <inheritdoc />
    public override float[] Observe() =>
    [
        (float)Math.Cos(_state[0]), (float)Math.Sin(_state[0]), (float)Math.Cos(_state[1]), (float)Math.Sin(_state[1]),
        (float)_state[2], (float)_state[3],
    ];

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action);
        Span<double> y = [_state[0], _state[1], _state[2], _state[3], s_torques[a]];
        Rk4(y);
        _state[0] = Wrap(y[0], -Math.PI, Math.PI);
        _state[1] = Wrap(y[1], -Math.PI, Math.PI);
        _state[2] = Bound(y[2], -s_maxVel1, s_maxVel1);
        _state[3] = Bound(y[3], -s_maxVel2, s_maxVel2);
        bool terminated = -Math.Cos(_state[0]) - Math.Cos(_state[1] + _state[0]) > 1.0;
        return new StepResult(Observe(), terminated ? 0.0 : -1.0, terminated, false, null);
    }

    /// <summary>Draws the two links as Gymnasium's <c>rgb_array</c>: 500 × 500.</summary>
    public override Frame? Render() => AcrobotRenderer.Draw(_state[0], _state[1]);

    /// <inheritdoc />
    protected override void ResetState(IReadOnlyDictionary<string, object>? options)
    {
        var (low, high) = ResetBounds(options, -0.1, 0.1);
        // Gymnasium casts the draws to float32 (`.astype(np.float32)`).
        for (int i = 0; i < 4; i++) _state[i] = (float)Random.Uniform(low, high);
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state) => state.CopyTo(_state);

    // One classical Runge-Kutta step of Dt over y = [θ1, θ2, dθ1, dθ2, torque], in place.
    private static void Rk4(Span<double> y0)
    {
        const double half = Dt / 2.0;
        Span<double> k1 = stackalloc double[5], k2 = stackalloc double[5], k3 = stackalloc double[5], k4 = stackalloc double[5];
        Span<double> tmp = stackalloc double[5];
        Derivatives(y0, k1);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + (half * k1[i]);
        Derivatives(tmp, k2);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + (half * k2[i]);
        Derivatives(tmp, k3);
        for (int i = 0; i < 5; i++) tmp[i] = y0[i] + (Dt * k3[i]);
        Derivatives(tmp, k4);
        for (int i = 0; i < 5; i++) y0[i] += Dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
    }

    // Gymnasium's _dsdt for the "book" variant, its constants folded (specs/environments.md §6.2).
    private static void Derivatives(ReadOnlySpan<double> y, Span<double> dy)
    {
        double theta1 = y[0], theta2 = y[1], dtheta1 = y[2], dtheta2 = y[3], a = y[4];
        double c2 = Math.Cos(theta2), s2 = Math.Sin(theta2);
        double d1 = 0.25 + (1.25 + c2) + 1.0 + 1.0;
        double d2 = 0.25 + (0.5 * c2) + 1.0;
        double phi2 = s_phi2Gravity * Math.Cos(theta1 + theta2 - HalfPi);
        double phi1 = (-0.5 * Math.Pow(dtheta2, 2.0) * s2) - (dtheta2 * dtheta1 * s2)
            + (s_phi1Gravity * Math.Cos(theta1 - HalfPi)) + phi2;
        double ddtheta2 = (a + (d2 / d1 * phi1) - (0.5 * Math.Pow(dtheta1, 2.0) * s2) - phi2)
            / (1.25 - (Math.Pow(d2, 2.0) / d1));
        double ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
        dy[0] = dtheta1;
        dy[1] = dtheta2;
        dy[2] = ddtheta1;
        dy[3] = ddtheta2;
        dy[4] = 0.0;
    }

    // Shifts x by whole turns into [m, M], as Gymnasium's wrap.
    private static double Wrap(double x, double m, double big)
    {
        double diff = big - m;
        while (x > big) x -= diff;
        while (x < m) x += diff;
        return x;
    }

    // Python's min(max(x, m), M).
    private static double Bound(double x, double m, double big)
    {
        double lo = m > x ? m : x;
        return big < lo ? big : lo;
    }
}
