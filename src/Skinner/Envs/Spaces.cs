namespace Skinner.Envs;

/// <summary>A set that observations or actions come from.</summary>
public abstract class Space
{
    private Random _random = new(0);

    /// <summary>The shape of one element (empty for a scalar <see cref="Discrete"/>).</summary>
    public abstract int[] Shape { get; }

    /// <summary>How many floats one element takes when flattened (1 for Discrete).</summary>
    public abstract int FlatSize { get; }

    /// <summary>Re-seeds the sampler.</summary>
    public void Seed(int seed) => _random = new Random(seed);

    /// <summary>The sampler's generator.</summary>
    protected Random Random => _random;

    /// <summary>A random element, flattened.</summary>
    public abstract float[] Sample();

    /// <summary>Whether the flattened value belongs to the space.</summary>
    public abstract bool Contains(ReadOnlySpan<float> value);
}

/// <summary>The integers <c>Start .. Start + N - 1</c>.</summary>
public sealed class Discrete : Space
{
    /// <summary>Creates the space of <paramref name="n"/> actions.</summary>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "A Discrete space needs at least one element.");
        N = n;
        Start = start;
    }

    /// <summary>Number of elements.</summary>
    public int N { get; }

    /// <summary>The smallest element.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override int[] Shape => [];

    /// <inheritdoc />
    public override int FlatSize => 1;

    /// <summary>A random element.</summary>
    public int SampleIndex() => Start + Random.Next(N);

    /// <inheritdoc />
    public override float[] Sample() => [SampleIndex()];

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> value) =>
        value.Length == 1 && value[0] == MathF.Floor(value[0]) && value[0] >= Start && value[0] < Start + N;

    /// <inheritdoc />
    public override string ToString() => $"Discrete({N})";
}

/// <summary>A box in R^n: <c>Low[i] ≤ x[i] ≤ High[i]</c>, bounds possibly infinite.</summary>
public sealed class Box : Space
{
    private readonly int[] _shape;

    /// <summary>Creates a box with per-element bounds.</summary>
    public Box(float[] low, float[] high, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length) throw new ArgumentException($"Box bounds differ in length: low has {low.Length}, high has {high.Length}.");
        for (int i = 0; i < low.Length; i++)
            if (low[i] > high[i]) throw new ArgumentException($"Box bound {i}: low {low[i]} is above high {high[i]}.");
        _shape = shape ?? [low.Length];
        int n = 1;
        foreach (int d in _shape) n *= d;
        if (n != low.Length) throw new ArgumentException($"Box shape [{string.Join(", ", _shape)}] does not hold {low.Length} bounds.");
        Low = low;
        High = high;
    }

    /// <summary>A box with the same bounds everywhere.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Fill(low, shape), Fill(high, shape), shape)
    {
    }

    /// <summary>Lower bounds, flattened.</summary>
    public float[] Low { get; }

    /// <summary>Upper bounds, flattened.</summary>
    public float[] High { get; }

    /// <inheritdoc />
    public override int[] Shape => _shape;

    /// <inheritdoc />
    public override int FlatSize => Low.Length;

    /// <summary>
    /// Samples as Gymnasium does: uniform on a bounded interval, exponential-shifted on a half-bounded
    /// one, normal on an unbounded one.
    /// </summary>
    public override float[] Sample()
    {
        var x = new float[Low.Length];
        for (int i = 0; i < x.Length; i++)
        {
            bool lo = float.IsFinite(Low[i]), hi = float.IsFinite(High[i]);
            double u = Random.NextDouble();
            x[i] = (lo, hi) switch
            {
                (true, true) => (float)(Low[i] + (High[i] - (double)Low[i]) * u),
                (true, false) => (float)(Low[i] - Math.Log(1 - u)),
                (false, true) => (float)(High[i] + Math.Log(1 - u)),
                _ => (float)(Math.Sqrt(-2 * Math.Log(1 - u)) * Math.Cos(2 * Math.PI * Random.NextDouble())),
            };
            x[i] = Math.Clamp(x[i], Low[i], High[i]);
        }
        return x;
    }

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Low.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (!(value[i] >= Low[i] && value[i] <= High[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"Box([{string.Join(", ", _shape)}])";

    private static float[] Fill(float v, int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return Enumerable.Repeat(v, n).ToArray();
    }
}
