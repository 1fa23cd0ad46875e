namespace Skinner.Envs.Wrappers;

/// <summary>
/// A running mean and variance per element, merged batch by batch with the parallel formula of Chan et
/// al., as Gymnasium's <c>RunningMeanStd</c>: it starts at mean 0, variance 1 and a count of
/// <c>epsilon</c>, in float64.
/// </summary>
public sealed class RunningMeanStd
{
    /// <summary>Statistics for vectors of <paramref name="size"/> elements.</summary>
    public RunningMeanStd(int size, double epsilon = 1e-4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The initial count must be positive.");
        Mean = new double[size];
        Var = new double[size];
        Array.Fill(Var, 1.0);
        Count = epsilon;
    }

    /// <summary>The running mean of each element.</summary>
    public double[] Mean { get; }

    /// <summary>The running (population) variance of each element.</summary>
    public double[] Var { get; }

    /// <summary>How many samples have been merged, plus the initial epsilon.</summary>
    public double Count { get; private set; }

    /// <summary>Merges one sample.</summary>
    public void Update(ReadOnlySpan<float> x) => Update(x, 1);

    /// <summary>Merges a scalar sample (for statistics of size 1).</summary>
    public void Update(double x)
    {
        CheckSize(1, 1);
        Merge(0, x, 0, 1);
        Count += 1;
    }

    /// <summary>Merges <paramref name="rows"/> samples laid out one after another in <paramref name="batch"/>.</summary>
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        CheckSize(batch.Length, rows);
        int n = Mean.Length;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += batch[r * n + j];
            double batchMean = sum / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = batch[r * n + j] - batchMean;
                squares += d * d;
            }
            Merge(j, batchMean, squares / rows, rows);
        }
        Count += rows;
    }

    /// <summary>The statistics as float arrays named <c>PREFIX.mean</c>, <c>PREFIX.var</c>, <c>PREFIX.count</c>.</summary>
    public void Export(string prefix, IDictionary<string, float[]> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Add(prefix + ".mean", Array.ConvertAll(Mean, v => (float)v));
        into.Add(prefix + ".var", Array.ConvertAll(Var, v => (float)v));
        into.Add(prefix + ".count", [(float)Count]);
    }

    /// <summary>Restores what <see cref="Export"/> wrote (rounded to float32 on the way).</summary>
    public void Import(string prefix, IReadOnlyDictionary<string, float[]> from)
    {
        ArgumentNullException.ThrowIfNull(from);
        float[] mean = Get(from, prefix + ".mean", Mean.Length);
        float[] var = Get(from, prefix + ".var", Var.Length);
        float[] count = Get(from, prefix + ".count", 1);
        for (int i = 0; i < var.Length; i++)
            if (!(var[i] >= 0)) throw new ArgumentException($"Statistic '{prefix}.var' element {i} is {var[i]}; a variance must be a non-negative number.");
        if (!(count[0] > 0)) throw new ArgumentException($"Statistic '{prefix}.count' is {count[0]}; it must be positive.");
        for (int i = 0; i < mean.Length; i++)
        {
            Mean[i] = mean[i];
            Var[i] = var[i];
        }
        Count = count[0];
    }

    // Chan's merge, in Gymnasium's order of operations.
    private void Merge(int j, double batchMean, double batchVar, double batchCount)
    {
        double delta = batchMean - Mean[j];
        double total = Count + batchCount;
        Mean[j] += delta * batchCount / total;
        double m2 = Var[j] * Count + batchVar * batchCount + delta * delta * Count * batchCount / total;
        Var[j] = m2 / total;
    }

    private void CheckSize(int length, int rows)
    {
        if (rows <= 0 || length != rows * Mean.Length)
            throw new ArgumentException($"RunningMeanStd of size {Mean.Length} got {length} values for {rows} rows; it needs rows x {Mean.Length}.");
    }

    private static float[] Get(IReadOnlyDictionary<string, float[]> from, string name, int length)
    {
        if (!from.TryGetValue(name, out var v))
            throw new ArgumentException($"Statistic '{name}' is missing; the saved statistics hold: {string.Join(", ", from.Keys)}.");
        if (v.Length != length)
            throw new ArgumentException($"Statistic '{name}' has {v.Length} elements; this wrapper needs {length}. Was it saved for another environment?");
        return v;
    }
}
