using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Skinner.Envs.Seeding;

namespace Skinner.Envs.Vector;

/// <summary>
/// Many CartPoles in structure-of-arrays form, stepped in one tight loop: the same float64 dynamics,
/// evaluation order, rewards, time limit and seeded initial states as <c>Envs.Make("CartPole-v1")</c>
/// (Gymnasium's <c>CartPoleEnv</c> under <c>TimeLimit</c>), so its trajectories equal those of a
/// <see cref="SyncVectorEnv"/> of CartPoles bit for bit, only much faster. Environment <c>i</c> keeps its
/// own NumPy-compatible generator, seeded with <c>seed + i</c>. Actions are 0 (push left) or 1 (push right).
/// </summary>
public sealed class CartPoleVectorEnv : IVectorEnv
{
    // Gymnasium's constants, evaluated as Python evaluates them.
    private const double Gravity = 9.8;
    private const double MassPole = 0.1;
    private const double TotalMass = MassPole + 1.0;
    private const double Length = 0.5;
    private const double PoleMassLength = MassPole * Length;
    private const double ForceMag = 10.0;
    private const double Tau = 0.02;
    private const double FourThirds = 4.0 / 3.0;
    private const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    private const double XThreshold = 2.4;
    private const double DefaultBound = 0.05;

    private readonly double[] _x;
    private readonly double[] _xDot;
    private readonly double[] _theta;
    private readonly double[] _thetaDot;
    private readonly int[] _steps;
    private readonly bool[] _needsReset;
    private readonly Pcg64?[] _rng;
    private readonly int _maxEpisodeSteps;
    private bool _hasReset;

    /// <summary>
    /// <paramref name="numEnvs"/> CartPoles truncated after <paramref name="maxEpisodeSteps"/> steps
    /// (500 as CartPole-v1, 200 as CartPole-v0; null for no limit).
    /// </summary>
    public CartPoleVectorEnv(int numEnvs, int? maxEpisodeSteps = 500, AutoresetMode autoresetMode = AutoresetMode.NextStep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        if (maxEpisodeSteps is <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "The time limit must be positive, or null for none.");
        if (!Enum.IsDefined(autoresetMode)) throw new ArgumentOutOfRangeException(nameof(autoresetMode), autoresetMode, "Unknown autoreset mode.");
        NumEnvs = numEnvs;
        _maxEpisodeSteps = maxEpisodeSteps ?? int.MaxValue;
        AutoresetMode = autoresetMode;
        float thetaHigh = (float)(2 * ThetaThreshold);
        SingleObservationSpace = new Box(
            [-(float)(2 * XThreshold), float.NegativeInfinity, -thetaHigh, float.NegativeInfinity],
            [(float)(2 * XThreshold), float.PositiveInfinity, thetaHigh, float.PositiveInfinity]);
        SingleActionSpace = new Discrete(2);
        _x = new double[numEnvs];
        _xDot = new double[numEnvs];
        _theta = new double[numEnvs];
        _thetaDot = new double[numEnvs];
        _steps = new int[numEnvs];
        _needsReset = new bool[numEnvs];
        _rng = new Pcg64?[numEnvs];
        Observations = new float[numEnvs * 4];
        FinalObservations = new float[numEnvs * 4];
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        Autoreset = new bool[numEnvs];
        Infos = new Info?[numEnvs];
    }

    /// <inheritdoc />
    public int NumEnvs { get; }

    /// <inheritdoc />
    public Space SingleObservationSpace { get; }

    /// <inheritdoc />
    public Space SingleActionSpace { get; }

    /// <inheritdoc />
    public int ObservationSize => 4;

    /// <inheritdoc />
    public int ActionSize => 1;

    /// <inheritdoc />
    public AutoresetMode AutoresetMode { get; }

    /// <inheritdoc />
    public float[] Observations { get; }

    /// <inheritdoc />
    public double[] Rewards { get; }

    /// <inheritdoc />
    public bool[] Terminated { get; }

    /// <inheritdoc />
    public bool[] Truncated { get; }

    /// <inheritdoc />
    public float[] FinalObservations { get; }

    /// <inheritdoc />
    public bool[] Autoreset { get; }

    /// <summary>Always null: CartPole returns no info.</summary>
    public Info?[] Infos { get; }

    /// <summary>Whether <paramref name="id"/> names an environment this class reproduces.</summary>
    public static bool Supports(string id) => id is "CartPole-v0" or "CartPole-v1";

    /// <summary>
    /// Resets every environment; with a seed, environment <c>i</c> gets <c>seed + i</c>. Options
    /// <c>low</c> and <c>high</c> change the initial-state bounds of this reset, as for CartPole.
    /// </summary>
    public void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seeds must be non-negative, as in NumPy.");
        (double low, double high) = Bounds(options);
        for (int i = 0; i < NumEnvs; i++)
        {
            if (seed is long s) _rng[i] = new Pcg64(s + i);
            ResetOne(i, low, high);
            Rewards[i] = 0;
            Terminated[i] = false;
            Truncated[i] = false;
            Autoreset[i] = false;
        }
        _hasReset = true;
    }

    /// <summary>Steps every CartPole; <paramref name="actions"/> holds one 0 or 1 per environment.</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        if (!_hasReset) throw new InvalidOperationException("Step() was called before Reset(). Call Reset() on the vector environment first.");
        if (actions.Length != NumEnvs)
            throw new ArgumentException($"CartPoleVectorEnv needs one action per environment ({NumEnvs}); got {actions.Length}.", nameof(actions));
        CheckActions(actions);
        var needsReset = _needsReset.AsSpan();
        for (int i = 0; i < needsReset.Length; i++)
        {
            if (needsReset[i])
            {
                ResetOne(i, -DefaultBound, DefaultBound);
                Rewards[i] = 0;
                Terminated[i] = false;
                Truncated[i] = false;
                Autoreset[i] = true;
                continue;
            }
            if (StepOne(i, actions[i])) EndEpisode(i);
        }
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    /// <summary>Sets environment <paramref name="i"/>'s float64 state, as golden tests set <c>env.unwrapped.state</c>.</summary>
    internal void SetState(int i, ReadOnlySpan<double> state)
    {
        (_x[i], _xDot[i], _theta[i], _thetaDot[i]) = (state[0], state[1], state[2], state[3]);
        var obs = Observations.AsSpan(i * 4, 4);
        for (int k = 0; k < 4; k++) obs[k] = (float)state[k];
    }

    /// <summary>Environment <paramref name="i"/>'s float64 state <c>[x, x_dot, theta, theta_dot]</c>.</summary>
    internal double[] GetState(int i) => [_x[i], _xDot[i], _theta[i], _thetaDot[i]];

    // The hot path: Gymnasium's CartPoleEnv.step, in its exact order of float64 operations, then TimeLimit.
    // Unchecked element access (i < NumEnvs is the loop bound) keeps the loop free of bounds checks.
    // Math.SinCos returns glibc's sincos, which gives the same bits as its sin and cos, in one call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StepOne(int i, float action)
    {
        ref double x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_x), i);
        ref double xDot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_xDot), i);
        ref double theta = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_theta), i);
        ref double thetaDot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thetaDot), i);
        double force = action == 1f ? ForceMag : -ForceMag;
        (double s, double c) = Math.SinCos(theta);
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * s) / TotalMass;
        double thetaAcc = (Gravity * s - c * temp) / (Length * (FourThirds - MassPole * (c * c) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * c / TotalMass;
        double nx = x + Tau * xDot;
        double nxDot = xDot + Tau * xAcc;
        double nTheta = theta + Tau * thetaDot;
        double nThetaDot = thetaDot + Tau * thetaAcc;
        (x, xDot, theta, thetaDot) = (nx, nxDot, nTheta, nThetaDot);
        ref float obs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Observations), i * 4);
        obs = (float)nx;
        Unsafe.Add(ref obs, 1) = (float)nxDot;
        Unsafe.Add(ref obs, 2) = (float)nTheta;
        Unsafe.Add(ref obs, 3) = (float)nThetaDot;
        bool terminated = nx < -XThreshold | nx > XThreshold | nTheta < -ThetaThreshold | nTheta > ThetaThreshold;
        bool truncated = ++Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_steps), i) >= _maxEpisodeSteps;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Rewards), i) = 1.0;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Terminated), i) = terminated;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Truncated), i) = truncated;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Autoreset), i) = false;
        return terminated | truncated;
    }

    private void EndEpisode(int i)
    {
        Observations.AsSpan(i * 4, 4).CopyTo(FinalObservations.AsSpan(i * 4, 4));
        if (AutoresetMode == AutoresetMode.NextStep) _needsReset[i] = true;
        else ResetOne(i, -DefaultBound, DefaultBound);
    }

    private void ResetOne(int i, double low, double high)
    {
        // As NumPy without a seed: fresh entropy, once.
        var rng = _rng[i] ??= Pcg64.FromEntropy();
        _x[i] = rng.Uniform(low, high);
        _xDot[i] = rng.Uniform(low, high);
        _theta[i] = rng.Uniform(low, high);
        _thetaDot[i] = rng.Uniform(low, high);
        _steps[i] = 0;
        _needsReset[i] = false;
        var obs = Observations.AsSpan(i * 4, 4);
        obs[0] = (float)_x[i];
        obs[1] = (float)_xDot[i];
        obs[2] = (float)_theta[i];
        obs[3] = (float)_thetaDot[i];
    }

    private static void CheckActions(ReadOnlySpan<float> actions)
    {
        for (int i = 0; i < actions.Length; i++)
        {
            float a = actions[i];
            if (a != 0f && a != 1f)
                throw new ArgumentException($"Action {a.ToString(CultureInfo.InvariantCulture)} for environment {i} is not in Discrete(2); CartPole takes 0 (left) or 1 (right).", nameof(actions));
        }
    }

    private static (double Low, double High) Bounds(IReadOnlyDictionary<string, object>? options)
    {
        if (options is null) return (-DefaultBound, DefaultBound);
        foreach (string key in options.Keys)
            if (key is not ("low" or "high"))
                throw new ArgumentException($"Unknown CartPole reset option '{key}'; the options are 'low' and 'high'.", nameof(options));
        double low = options.TryGetValue("low", out var l) ? Convert.ToDouble(l, CultureInfo.InvariantCulture) : -DefaultBound;
        double high = options.TryGetValue("high", out var h) ? Convert.ToDouble(h, CultureInfo.InvariantCulture) : DefaultBound;
        if (!(low <= high)) throw new ArgumentException($"Reset option low ({low}) must not exceed high ({high}).", nameof(options));
        return (low, high);
    }
}
