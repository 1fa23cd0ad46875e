using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    private readonly double[] _sin;
    private readonly double[] _cos;
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
        _sin = new double[numEnvs];
        _cos = new double[numEnvs];
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

        // Three passes: the sines and cosines (Math.SinCos is glibc's sincos, which gives the bits of its sin
        // and cos; the calls are independent of each other, so they overlap),
        // the dynamics of every environment (four at a time where the hardware has 256-bit vectors), then
        // the few environments that finished or wait for their reset. An environment that waits for its
        // reset is stepped too and then reset, which overwrites everything its step wrote.
        var theta = _theta.AsSpan(0, NumEnvs);
        var sin = _sin.AsSpan(0, NumEnvs);
        var cos = _cos.AsSpan(0, NumEnvs);
        for (int i = 0; i < theta.Length; i++) (sin[i], cos[i]) = Math.SinCos(theta[i]);

        int done = Vector256.IsHardwareAccelerated ? StepBlocks(actions) : 0;
        for (int i = done; i < NumEnvs; i++) StepOne(i, actions[i]);
        Rewards.AsSpan().Fill(1.0);
        Autoreset.AsSpan().Clear();

        for (int i = 0; i < NumEnvs; i++)
        {
            if (_needsReset[i])
            {
                ResetOne(i, -DefaultBound, DefaultBound);
                Rewards[i] = 0;
                Terminated[i] = false;
                Truncated[i] = false;
                Autoreset[i] = true;
            }
            else if (Terminated[i] | Truncated[i])
            {
                EndEpisode(i);
            }
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

    // Gymnasium's CartPoleEnv.step, in its exact order of float64 operations, then TimeLimit, for the
    // environments [0, 4k): four at a time in 256-bit vectors, whose lanes round every operation exactly as
    // the scalar code does (the JIT fuses no multiply-add). Returns 4k. Reads the sines and cosines of the
    // first pass; writes the state, the observation rows, the step counts and the Terminated and Truncated
    // flags; Rewards and Autoreset are the caller's.
    private int StepBlocks(ReadOnlySpan<float> actions)
    {
        var twoForce = Vector256.Create(2 * ForceMag);
        var forceMag = Vector256.Create(ForceMag);
        var poleMassLength = Vector256.Create(PoleMassLength);
        var totalMass = Vector256.Create(TotalMass);
        var gravity = Vector256.Create(Gravity);
        var length = Vector256.Create(Length);
        var fourThirds = Vector256.Create(FourThirds);
        var massPole = Vector256.Create(MassPole);
        var tau = Vector256.Create(Tau);
        var xThreshold = Vector256.Create(XThreshold);
        var thetaThreshold = Vector256.Create(ThetaThreshold);
        var limit = Vector128.Create(_maxEpisodeSteps);
        ref float action = ref MemoryMarshal.GetReference(actions);
        ref double x = ref MemoryMarshal.GetArrayDataReference(_x);
        ref double xDot = ref MemoryMarshal.GetArrayDataReference(_xDot);
        ref double theta = ref MemoryMarshal.GetArrayDataReference(_theta);
        ref double thetaDot = ref MemoryMarshal.GetArrayDataReference(_thetaDot);
        ref double sin = ref MemoryMarshal.GetArrayDataReference(_sin);
        ref double cos = ref MemoryMarshal.GetArrayDataReference(_cos);
        ref int steps = ref MemoryMarshal.GetArrayDataReference(_steps);
        ref float obs = ref MemoryMarshal.GetArrayDataReference(Observations);
        ref bool terminated = ref MemoryMarshal.GetArrayDataReference(Terminated);
        ref bool truncated = ref MemoryMarshal.GetArrayDataReference(Truncated);
        int blocks = NumEnvs & ~3;
        for (int i = 0; i < blocks; i += 4)
        {
            nuint k = (nuint)i;
            // force_mag if action == 1 else -force_mag: the actions are checked to be 0 or 1, so 20a - 10 is exact.
            var force = (Vector256.WidenLower(Vector128.LoadUnsafe(ref action, k).ToVector256Unsafe()) * twoForce) - forceMag;
            var s = Vector256.LoadUnsafe(ref sin, k);
            var c = Vector256.LoadUnsafe(ref cos, k);
            var x0 = Vector256.LoadUnsafe(ref x, k);
            var xDot0 = Vector256.LoadUnsafe(ref xDot, k);
            var theta0 = Vector256.LoadUnsafe(ref theta, k);
            var thetaDot0 = Vector256.LoadUnsafe(ref thetaDot, k);
            var temp = (force + (poleMassLength * (thetaDot0 * thetaDot0) * s)) / totalMass;
            var thetaAcc = ((gravity * s) - (c * temp)) / (length * (fourThirds - (massPole * (c * c) / totalMass)));
            var xAcc = temp - (poleMassLength * thetaAcc * c / totalMass);
            var x1 = x0 + (tau * xDot0);
            var xDot1 = xDot0 + (tau * xAcc);
            var theta1 = theta0 + (tau * thetaDot0);
            var thetaDot1 = thetaDot0 + (tau * thetaAcc);
            x1.StoreUnsafe(ref x, k);
            xDot1.StoreUnsafe(ref xDot, k);
            theta1.StoreUnsafe(ref theta, k);
            thetaDot1.StoreUnsafe(ref thetaDot, k);
            WriteRows(ref Unsafe.Add(ref obs, 4 * i), x1, xDot1, theta1, thetaDot1);

            var ended = Vector256.LessThan(x1, -xThreshold) | Vector256.GreaterThan(x1, xThreshold)
                | Vector256.LessThan(theta1, -thetaThreshold) | Vector256.GreaterThan(theta1, thetaThreshold);
            var count = Vector128.LoadUnsafe(ref steps, k) + Vector128<int>.One;
            count.StoreUnsafe(ref steps, k);
            WriteFlags(ref Unsafe.Add(ref terminated, i), ended.ExtractMostSignificantBits());
            WriteFlags(ref Unsafe.Add(ref truncated, i), Vector128.GreaterThanOrEqual(count, limit).ExtractMostSignificantBits());
        }
        return blocks;
    }

    // Four observation rows [x, x_dot, theta, theta_dot] from the four components of four environments,
    // each rounded to float32 as Gymnasium's np.array(state, dtype=np.float32).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRows(ref float rows, Vector256<double> x, Vector256<double> xDot, Vector256<double> theta, Vector256<double> thetaDot)
    {
        var a = Vector128.Narrow(x.GetLower(), x.GetUpper());
        var b = Vector128.Narrow(xDot.GetLower(), xDot.GetUpper());
        var c = Vector128.Narrow(theta.GetLower(), theta.GetUpper());
        var d = Vector128.Narrow(thetaDot.GetLower(), thetaDot.GetUpper());
        if (Sse.IsSupported)
        {
            // A 4 × 4 transpose: (x0 xd0 x1 xd1), (th0 thd0 th1 thd1), (x2 xd2 x3 xd3), (th2 thd2 th3 thd3).
            var ab0 = Sse.UnpackLow(a, b);
            var cd0 = Sse.UnpackLow(c, d);
            var ab1 = Sse.UnpackHigh(a, b);
            var cd1 = Sse.UnpackHigh(c, d);
            Sse.MoveLowToHigh(ab0, cd0).StoreUnsafe(ref rows);
            Sse.MoveHighToLow(cd0, ab0).StoreUnsafe(ref rows, 4);
            Sse.MoveLowToHigh(ab1, cd1).StoreUnsafe(ref rows, 8);
            Sse.MoveHighToLow(cd1, ab1).StoreUnsafe(ref rows, 12);
            return;
        }
        for (int j = 0; j < 4; j++)
        {
            Unsafe.Add(ref rows, 4 * j) = a.GetElement(j);
            Unsafe.Add(ref rows, (4 * j) + 1) = b.GetElement(j);
            Unsafe.Add(ref rows, (4 * j) + 2) = c.GetElement(j);
            Unsafe.Add(ref rows, (4 * j) + 3) = d.GetElement(j);
        }
    }

    // Four bools from the low four bits of a mask, in one 32-bit store.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteFlags(ref bool flags, uint mask) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<bool, byte>(ref flags),
            (mask & 1) | ((mask & 2) << 7) | ((mask & 4) << 14) | ((mask & 8) << 21));

    // The same step for one environment, for the environments past the last block of four (all of them
    // without 256-bit vectors). Reads the sine and cosine of the first pass.
    private void StepOne(int i, float action)
    {
        double force = (action * (2 * ForceMag)) - ForceMag;
        double s = _sin[i], c = _cos[i];
        double x = _x[i], xDot = _xDot[i], theta = _theta[i], thetaDot = _thetaDot[i];
        double temp = (force + (PoleMassLength * (thetaDot * thetaDot) * s)) / TotalMass;
        double thetaAcc = ((Gravity * s) - (c * temp)) / (Length * (FourThirds - (MassPole * (c * c) / TotalMass)));
        double xAcc = temp - (PoleMassLength * thetaAcc * c / TotalMass);
        double nx = x + (Tau * xDot);
        double nxDot = xDot + (Tau * xAcc);
        double nTheta = theta + (Tau * thetaDot);
        double nThetaDot = thetaDot + (Tau * thetaAcc);
        (_x[i], _xDot[i], _theta[i], _thetaDot[i]) = (nx, nxDot, nTheta, nThetaDot);
        var obs = Observations.AsSpan(i * 4, 4);
        obs[0] = (float)nx;
        obs[1] = (float)nxDot;
        obs[2] = (float)nTheta;
        obs[3] = (float)nThetaDot;
        Terminated[i] = nx < -XThreshold | nx > XThreshold | nTheta < -ThetaThreshold | nTheta > ThetaThreshold;
        Truncated[i] = ++_steps[i] >= _maxEpisodeSteps;
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

    // Without a branch per action (random actions would mispredict half of them); the error path finds the culprit.
    private static void CheckActions(ReadOnlySpan<float> actions)
    {
        bool bad = false;
        foreach (float a in actions) bad |= (a != 0f) & (a != 1f);
        if (bad) ThrowBadAction(actions);
    }

    [DoesNotReturn]
    private static void ThrowBadAction(ReadOnlySpan<float> actions)
    {
        int i = 0;
        while (actions[i] == 0f || actions[i] == 1f) i++;
        throw new ArgumentException($"Action {actions[i].ToString(CultureInfo.InvariantCulture)} for environment {i} is not in Discrete(2); CartPole takes 0 (left) or 1 (right).", nameof(actions));
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
