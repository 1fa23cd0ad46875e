using Skinner.Envs.Rendering;
using Skinner.Envs.Seeding;

namespace Skinner.Envs.Swingup;

/// <summary>
/// PyBullet's <c>InvertedPendulumSwingupBulletEnv-v0</c> rebuilt in C#: swing a pole hinged on a cart up
/// from hanging and balance it, by pushing the cart along a 2 m rail. Bullet is not used; the equations of
/// motion are derived by hand in <see cref="SwingupModel"/> from the published model
/// (<c>inverted_pendulum.xml</c> as Bullet's MJCF importer builds it) and stepped as Bullet steps them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Action: <c>Box(-1, 1, (1,))</c>; the slider force is <c>100·clip(a, -1, 1)</c> N. A non-finite
/// action is an error, as Bullet's env asserts.</item>
/// <item>Observation: <c>[x, ẋ, cos θ, sin θ, θ̇]</c> (slider, then hinge), θ unwrapped, θ = 0 up.</item>
/// <item>Reward: <c>cos θ</c> after the physics step, so hanging earns about −1 and upright about +1.
/// Episodes never terminate; the registered time limit of 1000 steps (16.5 s) truncates them.</item>
/// <item>Reset: cart at rest at x = 0, pole at rest at θ = 3.1415 + U(−0.1, 0.1) (3.1415, not π, as in
/// pybullet_envs), the offset drawn as NumPy's <c>Generator(PCG64(SeedSequence(seed))).uniform</c>.</item>
/// <item>Where this departs from Bullet: accelerations come from the closed-form equations rather than the
/// articulated-body algorithm (equal up to rounding); the slider limit is Bullet's joint-limit row
/// solved in closed form (<see cref="SwingupModel.ApplySliderLimit"/>), which follows Bullet's rule as
/// read from its source but could not be run against Bullet here; Bullet's sleeping of bodies at rest
/// is not modelled.</item>
/// </list>
/// </remarks>
public sealed class InvertedPendulumSwingup : IEnv
{
    /// <summary>The hinge angle at reset before the random offset, as pybullet_envs writes it.</summary>
    public const double HangingAngle = 3.1415;

    /// <summary>Half-width of the uniform offset added to <see cref="HangingAngle"/> at reset (rad).</summary>
    public const double ResetNoise = 0.1;

    private readonly double _damping;
    private Pcg64? _random;
    private SwingupState _state;

    /// <summary>Creates the environment with Bullet's default link damping.</summary>
    public InvertedPendulumSwingup()
        : this(SwingupModel.DefaultLinkDamping)
    {
    }

    // Damping can be switched off so that tests can check energy conservation.
    internal InvertedPendulumSwingup(double linkDamping)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(linkDamping);
        _damping = linkDamping;
    }

    /// <inheritdoc />
    public Space ObservationSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, 5);

    /// <inheritdoc />
    public Space ActionSpace { get; } = new Box(-1f, 1f, 1);

    /// <inheritdoc />
    public EnvSpec? Spec { get; set; }

    /// <summary>The physical state; settable so that tests and tools can start from a chosen state.</summary>
    internal SwingupState State
    {
        get => _state;
        set => _state = value;
    }

    /// <inheritdoc />
    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (options is { Count: > 0 })
            throw new ArgumentException(
                $"InvertedPendulumSwingup takes no reset options, but got '{string.Join("', '", options.Keys)}'. Pass null.",
                nameof(options));
        // As gym's np_random: PCG64(SeedSequence(seed)) on a seed, kept across unseeded resets, and drawn
        // from the operating system's entropy if the first reset has no seed.
        if (seed is long s) _random = new Pcg64(s);
        _random ??= Pcg64.FromEntropy();
        double offset = _random.Uniform(-ResetNoise, ResetNoise);
        _state = new SwingupState(0, 0, HangingAngle + offset, 0);
        return new ResetResult(Observe(), null);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (action.Length != 1)
            throw new ArgumentException($"InvertedPendulumSwingup takes an action of 1 float from its action space Box(-1, 1, (1,)) (the slider push), but got {action.Length}.", nameof(action));
        if (!float.IsFinite(action[0]))
            throw new ArgumentException($"InvertedPendulumSwingup got a non-finite action ({action[0]}); its action space is Box(-1, 1, (1,)): pass a finite number (values outside [-1, 1] are clipped).", nameof(action));
        double force = SwingupModel.MotorForce * Math.Clamp((double)action[0], -1.0, 1.0);
        _state = SwingupModel.Step(_state, force, SwingupModel.TimeStep, _damping);
        // The swing-up reward is cos θ, read after the physics step; the episode never ends by itself.
        return new StepResult(Observe(), Math.Cos(_state.Theta), false, false, null);
    }

    /// <inheritdoc />
    public Frame? Render() => SwingupRenderer.Draw(_state);

    /// <summary>Captures the state (a value); the picture is drawn when the capture is.</summary>
    public PendingFrame? CaptureFrame()
    {
        var state = _state;
        return new PendingFrame(() => SwingupRenderer.Draw(state));
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private float[] Observe() =>
        [(float)_state.X, (float)_state.XDot, (float)Math.Cos(_state.Theta), (float)Math.Sin(_state.Theta), (float)_state.ThetaDot];
}
