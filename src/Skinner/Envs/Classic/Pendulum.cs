using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// The inverted pendulum swing-up, as Gymnasium's <c>Pendulum-v1</c>: a torque in [−2, 2] (clipped, as
/// Gymnasium clips it) on a rod hanging from a pivot; the reward is
/// <c>−(θ² + 0.1 θ̇² + 0.001 u²)</c> with θ normalised to [−π, π). It never terminates. Step by step equal
/// to Gymnasium (specs/environments.md §3), with NumPy 2 type promotion by default; NumPy 1.x promotion
/// on request.
/// </summary>
public sealed class Pendulum : ClassicControlEnv
{
    private const double MaxSpeed = 8, MaxTorque = 2.0, Dt = 0.05, Mass = 1.0, RodLength = 1.0;
    private const double DefaultX = Math.PI, DefaultY = 1.0;

    private readonly bool _legacy;
    private readonly double _g;
    private readonly double _gravityTerm;
    private readonly double _torqueTerm;
    private double _theta, _thetaDot;

    // sin θ and cos θ of the current state, kept up to date: the observation needs both, and the next step's
    // dynamics need sin θ of the same angle (SinCos gives the bits of Sin and Cos), so one call per step.
    private double _sin, _cos;
    private float? _lastTorque;

    /// <summary>Creates the environment.</summary>
    /// <param name="g">Gravity, Gymnasium's constructor argument <c>g</c>.</param>
    /// <param name="legacyNumpy1Promotion">
    /// True to reproduce NumPy 1.x, where the float32 torque is widened to float64 before any arithmetic;
    /// false (the default) for NumPy ≥ 2, where <c>0.001·u²</c> and <c>3·u</c> are computed in float32.
    /// </param>
    public Pendulum(double g = 10.0, bool legacyNumpy1Promotion = false)
    {
        _g = g;
        _legacy = legacyNumpy1Promotion;
        _gravityTerm = 3 * g / (2 * RodLength);
        _torqueTerm = 3.0 / (Mass * Math.Pow(RodLength, 2.0));
    }

    /// <summary>Gravity.</summary>
    public double Gravity => _g;

    /// <summary>Whether NumPy 1.x type promotion is reproduced.</summary>
    public bool LegacyNumpy1Promotion => _legacy;

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box([-1f, -1f, -8f], [1f, 1f, 8f]);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Box(-2f, 2f, 1);

    /// <inheritdoc />
    public override int StateSize => 2;

    /// <summary>The torque applied by the last step (after clipping), or null right after a reset.</summary>
    public float? LastTorque => _lastTorque;

    /// <inheritdoc />
    public override double[] GetState() => [_theta, _thetaDot];

    /// <inheritdoc />
    public override float[] Observe() => [(float)_cos, (float)_sin, (float)_thetaDot];

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        // np.clip on the float32 action array: u stays float32.
        float u = Math.Clamp(ScalarAction(action), (float)-MaxTorque, (float)MaxTorque);
        _lastTorque = u;
        double torqueCost, torqueAcc;
        if (_legacy)
        {
            torqueCost = 0.001 * PowSquare.Of(u);
            torqueAcc = _torqueTerm * u;
        }
        else
        {
            // NumPy 2: a Python float times an np.float32 is float32 arithmetic, and u**2 is powf.
            torqueCost = (float)0.001 * MathF.Pow(u, 2f);
            torqueAcc = (float)_torqueTerm * u;
        }

        double an = AngleNormalize(_theta);
        double costs = PowSquare.Of(an) + (0.1 * PowSquare.Of(_thetaDot)) + torqueCost;
        double newThetaDot = _thetaDot + (((_gravityTerm * _sin) + torqueAcc) * Dt);
        newThetaDot = Math.Min(Math.Max(newThetaDot, -MaxSpeed), MaxSpeed);
        double newTheta = _theta + (newThetaDot * Dt);
        (_theta, _thetaDot) = (newTheta, newThetaDot);
        UpdateAngle();
        return new StepResult(Observe(), -costs, false, false, null);
    }

    /// <summary>Draws the rod as Gymnasium's <c>rgb_array</c>: 500 × 500 (specs/environments.md §3.4).</summary>
    public override Frame? Render() => PendulumRenderer.Draw(_theta, _lastTorque);

    /// <summary>Captures the angle and the last torque; the picture is drawn when the capture is.</summary>
    public override PendingFrame? CaptureFrame()
    {
        double theta = _theta;
        float? torque = _lastTorque;
        return new PendingFrame(() => PendulumRenderer.Draw(theta, torque));
    }

    /// <summary>The angle in [−π, π), as Gymnasium's <c>angle_normalize</c> (Python remainder).</summary>
    public static double AngleNormalize(double x) => PyMod(x + Math.PI, 2 * Math.PI) - Math.PI;

    /// <inheritdoc />
    protected override void ResetState(IReadOnlyDictionary<string, object>? options)
    {
        RejectUnknownOptions(options, "x_init", "y_init");
        double x = Number(options, "x_init", DefaultX), y = Number(options, "y_init", DefaultY);
        _theta = Random.Uniform(-x, x);
        UpdateAngle();
        _thetaDot = Random.Uniform(-y, y);
        _lastTorque = null;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        (_theta, _thetaDot) = (state[0], state[1]);
        UpdateAngle();
    }

    private void UpdateAngle() => (_sin, _cos) = Math.SinCos(_theta);
}
