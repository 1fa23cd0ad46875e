using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Skinner.Envs.Rendering;
using Skinner.Envs.Seeding;

namespace Skinner.Envs.Classic;

/// <summary>
/// What the classic-control environments share: Gymnasium's reset generator
/// (<c>PCG64(SeedSequence(seed))</c>, kept across resets without a seed), access to the internal state
/// (as <c>env.unwrapped.state</c> in Gymnasium), and the validation of actions and reset options.
/// </summary>
public abstract class ClassicControlEnv : IEnv
{
    private Pcg64? _random;

    /// <inheritdoc />
    public abstract Space ObservationSpace { get; }

    /// <inheritdoc />
    public abstract Space ActionSpace { get; }

    /// <inheritdoc />
    public EnvSpec? Spec { get; set; }

    /// <summary>
    /// The reset generator, as Gymnasium's <c>np_random</c>: replaced by <c>Reset(seed)</c>, drawn from the
    /// operating system's entropy on first use if no seed was ever given.
    /// </summary>
    public Pcg64 Random => _random ??= Pcg64.FromEntropy();

    /// <summary>The number of components of the internal state.</summary>
    public abstract int StateSize { get; }

    /// <summary>A copy of the internal state, as float64 values (<c>env.unwrapped.state</c>).</summary>
    public abstract double[] GetState();

    /// <summary>
    /// Replaces the internal state by a float64 array, as <c>env.unwrapped.state = np.array(state)</c>.
    /// Nothing else changes (no reset of counters).
    /// </summary>
    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != StateSize)
            throw new ArgumentException($"{GetType().Name} has a state of {StateSize} values, got {state.Length}.", nameof(state));
        LoadState(state);
    }

    /// <summary>The observation of the current internal state (Gymnasium's <c>_get_obs</c>).</summary>
    public abstract float[] Observe();

    /// <inheritdoc />
    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is long s)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(seed), s, "A reset seed must be a non-negative integer.");
            _random = new Pcg64(s);
        }
        ResetState(options);
        return new ResetResult(Observe(), null);
    }

    /// <inheritdoc />
    public abstract StepResult Step(ReadOnlySpan<float> action);

    /// <inheritdoc />
    public abstract Frame? Render();

    /// <inheritdoc />
    public virtual PendingFrame? CaptureFrame() => PendingFrame.Of(Render());

    /// <inheritdoc />
    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Draws the initial state from <see cref="Random"/> (reset options already validated by the caller).</summary>
    protected abstract void ResetState(IReadOnlyDictionary<string, object>? options);

    /// <summary>Stores a float64 state of the right length.</summary>
    protected abstract void LoadState(ReadOnlySpan<double> state);

    /// <summary>
    /// The action index of an action from <c>Discrete(<paramref name="count"/>)</c> (the environment's
    /// <see cref="ActionSpace"/>), or a clear error. The same test as <see cref="Discrete.Contains"/>
    /// (an integer in [0, count), −0 included, NaN excluded) in one conversion and two comparisons.
    /// </summary>
    protected int DiscreteAction(ReadOnlySpan<float> action, int count)
    {
        if (action.Length == 1)
        {
            float a = action[0];
            int index = (int)a; // saturating: NaN gives 0, which then differs from a
            if ((uint)index < (uint)count && index == a) return index;
        }
        return ThrowBadDiscreteAction(action);
    }

    /// <summary>The single component of a one-dimensional continuous action; NaN and wrong lengths are errors.</summary>
    protected float ScalarAction(ReadOnlySpan<float> action)
    {
        if (action.Length != 1 || float.IsNaN(action[0])) ThrowBadScalarAction(action);
        return action[0];
    }

    /// <summary>
    /// Gymnasium's <c>maybe_parse_reset_bounds</c>: the options <c>low</c> and <c>high</c> (numbers), each
    /// defaulting to the given bound; <c>low &gt; high</c> is an error.
    /// </summary>
    protected static (double Low, double High) ResetBounds(IReadOnlyDictionary<string, object>? options, double defaultLow, double defaultHigh)
    {
        if (options is null) return (defaultLow, defaultHigh);
        RejectUnknownOptions(options, "low", "high");
        double low = Number(options, "low", defaultLow), high = Number(options, "high", defaultHigh);
        if (low > high) throw new ArgumentException($"Reset option low ({low}) is greater than high ({high}).", nameof(options));
        return (low, high);
    }

    /// <summary>The number under <paramref name="key"/>, or <paramref name="fallback"/> when the key is absent.</summary>
    protected static double Number(IReadOnlyDictionary<string, object>? options, string key, double fallback)
    {
        if (options is null || !options.TryGetValue(key, out object? value)) return fallback;
        return value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            short or ushort or uint or ulong or byte or sbyte => ((IConvertible)value).ToDouble(CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"Reset option '{key}' must be a number, got {value?.GetType().Name ?? "null"} '{value}'.", nameof(options)),
        };
    }

    /// <summary>Throws when <paramref name="options"/> holds a key this environment does not read.</summary>
    protected static void RejectUnknownOptions(IReadOnlyDictionary<string, object>? options, params ReadOnlySpan<string> known)
    {
        if (options is null) return;
        foreach (string key in options.Keys)
            if (known.IndexOf(key) < 0)
                throw new ArgumentException($"Unknown reset option '{key}'. This environment reads: {string.Join(", ", known)}.", nameof(options));
    }

    // The errors live apart from the checks, so that the hot paths stay small (no message formatting inlined).
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ThrowBadDiscreteAction(ReadOnlySpan<float> action)
    {
        var space = (Discrete)ActionSpace;
        if (action.Length != 1)
            throw new ArgumentException($"{GetType().Name} takes one action index, got {action.Length} values. Pass a one-element span holding the index.", nameof(action));
        throw new ArgumentOutOfRangeException(nameof(action), action[0], $"{GetType().Name}'s action must be an integer in [{space.Start}, {space.Start + space.N - 1}] (action space {space}).");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadScalarAction(ReadOnlySpan<float> action)
    {
        if (action.Length != 1)
            throw new ArgumentException($"{GetType().Name} takes an action of 1 value, got {action.Length}.", nameof(action));
        throw new ArgumentOutOfRangeException(nameof(action), action[0], $"{GetType().Name}'s action is NaN. Check the policy's output.");
    }

    /// <summary>Python's float remainder: the result has the sign of <paramref name="b"/>.</summary>
    protected static double PyMod(double a, double b)
    {
        double r = a % b;
        if (r != 0)
        {
            if ((r < 0) != (b < 0)) r += b;
        }
        else
        {
            r = Math.CopySign(0.0, b);
        }
        return r;
    }
}
