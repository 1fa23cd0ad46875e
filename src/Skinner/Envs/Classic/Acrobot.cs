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
    private static readonly double s_maxVel1 = 4 * Math.PI, s_maxVel2 = 9 * Math.PI;

    // The constants of _dsdt folded exactly as Gymnasium's expressions evaluate with unit masses and lengths.
    private const double HalfPi = Math.PI / 2.0;
    private static readonly double s_phi1Gravity = ((1.0 * 0.5) + (1.0 * 1.0)) * 9.8;
    private static readonly double s_phi2Gravity = 1.0 * 0.5 * 9.8;

    // Gymnasium's state [θ1, θ2, dθ1, dθ2].
    private double _theta1, _theta2, _dtheta1, _dtheta2;

    // cos and sin of both angles of the state, kept up to date: the observation, the terminal test and the first
    // derivative evaluation of the next step all need them, and the trigonometric calls dominate the cost.
    private double _cos1, _sin1, _cos2, _sin2;

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box(
        [-1f, -1f, -1f, -1f, -(float)s_maxVel1, -(float)s_maxVel2],
        [1f, 1f, 1f, 1f, (float)s_maxVel1, (float)s_maxVel2]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(3);

    /// <inheritdoc />
    public override int StateSize => 4;

    /// <inheritdoc />
    public override double[] GetState() => [_theta1, _theta2, _dtheta1, _dtheta2];

    /// <inheritdoc />
    public override float[] Observe() =>
    [
        (float)_cos1, (float)_sin1, (float)_cos2, (float)_sin2, (float)_dtheta1, (float)_dtheta2,
    ];

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        // The torques [-1.0, 0.0, +1.0] of actions 0, 1, 2, exactly.
        double torque = DiscreteAction(action, 3) - 1.0;
        Rk4(_theta1, _theta2, _dtheta1, _dtheta2, torque, _cos2, _sin2, out double y0, out double y1, out double y2, out double y3);
        _theta1 = Wrap(y0, -Math.PI, Math.PI);
        _theta2 = Wrap(y1, -Math.PI, Math.PI);
        _dtheta1 = Bound(y2, -s_maxVel1, s_maxVel1);
        _dtheta2 = Bound(y3, -s_maxVel2, s_maxVel2);
        UpdateAngles();
        bool terminated = IsTerminal();
        return new StepResult(Observe(), terminated ? 0.0 : -1.0, terminated, false, null);
    }

    /// <summary>Draws the two links as Gymnasium's <c>rgb_array</c>: 500 × 500.</summary>
    public override Frame? Render() => AcrobotRenderer.Draw(_theta1, _theta2);

    /// <summary>Captures both joint angles; the picture is drawn when the capture is.</summary>
    public override PendingFrame? CaptureFrame()
    {
        double theta1 = _theta1, theta2 = _theta2;
        return new PendingFrame(() => AcrobotRenderer.Draw(theta1, theta2));
    }

    /// <inheritdoc />
    protected override void ResetState(IReadOnlyDictionary<string, object>? options)
    {
        var (low, high) = ResetBounds(options, -0.1, 0.1);
        // Gymnasium casts the draws to float32 (`.astype(np.float32)`).
        var random = Random;
        _theta1 = (float)random.Uniform(low, high);
        _theta2 = (float)random.Uniform(low, high);
        _dtheta1 = (float)random.Uniform(low, high);
        _dtheta2 = (float)random.Uniform(low, high);
        UpdateAngles();
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        (_theta1, _theta2, _dtheta1, _dtheta2) = (state[0], state[1], state[2], state[3]);
        UpdateAngles();
    }

    // Gymnasium's terminal test, -cos θ1 - cos(θ2 + θ1) > 1. A cosine is at least -1, so with cos θ1 >= 0 the
    // left side is at most 0 + 1 (rounding is monotonic, so the computed difference too) and the test is false:
    // the second cosine, whose only use is this test, is needed only while the first link points up.
    private bool IsTerminal() => _cos1 < 0 && -_cos1 - Math.Cos(_theta2 + _theta1) > 1.0;

    private void UpdateAngles()
    {
        // SinCos gives the bits of Sin and Cos (AcrobotTests checks it), in one call.
        (_sin1, _cos1) = Math.SinCos(_theta1);
        (_sin2, _cos2) = Math.SinCos(_theta2);
    }

    // One classical Runge-Kutta step of Dt over y = [θ1, θ2, dθ1, dθ2] with a constant torque (the fifth
    // component of Gymnasium's augmented state, whose derivative is 0). c2 and s2 are cos θ2 and sin θ2.
    // Scalars instead of arrays; each component is the same float64 expression as Gymnasium's rk4.
    private static void Rk4(
        double t1, double t2, double w1, double w2, double a, double c2, double s2,
        out double r1, out double r2, out double r3, out double r4)
    {
        const double half = Dt / 2.0;
        const double sixth = Dt / 6.0;
        Derivatives(t1, t2, w1, w2, a, (s2, c2), out double k1a, out double k1b);
        double u1 = t1 + (half * w1), u2 = t2 + (half * w2), v1 = w1 + (half * k1a), v2 = w2 + (half * k1b);
        Derivatives(u1, u2, v1, v2, a, Math.SinCos(u2), out double k2a, out double k2b);
        double p1 = t1 + (half * v1), p2 = t2 + (half * v2), q1 = w1 + (half * k2a), q2 = w2 + (half * k2b);
        Derivatives(p1, p2, q1, q2, a, Math.SinCos(p2), out double k3a, out double k3b);
        double e1 = t1 + (Dt * q1), e2 = t2 + (Dt * q2), f1 = w1 + (Dt * k3a), f2 = w2 + (Dt * k3b);
        Derivatives(e1, e2, f1, f2, a, Math.SinCos(e2), out double k4a, out double k4b);
        // The derivative of θ is the angular velocity of the same stage: k1 = w, k2 = v, k3 = q, k4 = f.
        r1 = t1 + (sixth * (w1 + (2 * v1) + (2 * q1) + f1));
        r2 = t2 + (sixth * (w2 + (2 * v2) + (2 * q2) + f2));
        r3 = w1 + (sixth * (k1a + (2 * k2a) + (2 * k3a) + k4a));
        r4 = w2 + (sixth * (k1b + (2 * k2b) + (2 * k3b) + k4b));
    }

    // Gymnasium's _dsdt for the "book" variant, its constants folded (specs/environments.md §6.2): the angular
    // accelerations at (θ1, θ2, dθ1, dθ2) under torque a, given sin θ2 and cos θ2. Squares are
    // Gymnasium's ** 2, that is pow, hence PowSquare.
    private static void Derivatives(
        double theta1, double theta2, double dtheta1, double dtheta2, double a, (double Sin, double Cos) sinCos2,
        out double ddtheta1, out double ddtheta2)
    {
        var (s2, c2) = sinCos2;
        double d1 = 0.25 + (1.25 + c2) + 1.0 + 1.0;
        double d2 = 0.25 + (0.5 * c2) + 1.0;
        double phi2 = s_phi2Gravity * Math.Cos(theta1 + theta2 - HalfPi);
        double phi1 = (-0.5 * PowSquare.Of(dtheta2) * s2) - (dtheta2 * dtheta1 * s2)
            + (s_phi1Gravity * Math.Cos(theta1 - HalfPi)) + phi2;
        ddtheta2 = (a + (d2 / d1 * phi1) - (0.5 * PowSquare.Of(dtheta1) * s2) - phi2)
            / (1.25 - (PowSquare.Of(d2) / d1));
        ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
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
