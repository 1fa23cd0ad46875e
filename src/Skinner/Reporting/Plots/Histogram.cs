namespace Skinner.Reporting.Plots;

/// <summary>Counts of values in equal-width bins: <see cref="Counts"/>[i] counts values in
/// [<see cref="Edges"/>[i], <see cref="Edges"/>[i + 1]), the last bin closed on the right.</summary>
public sealed record Histogram(double[] Edges, int[] Counts)
{
    /// <summary>Bins <paramref name="values"/> (non-finite ones are left out). Without <paramref name="bins"/>,
    /// the square root of the count, between 5 and 50.</summary>
    public static Histogram Of(IReadOnlyList<double> values, int? bins = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0) throw new ArgumentException("A histogram needs at least one finite value.", nameof(values));
        int n = bins ?? Math.Clamp((int)Math.Ceiling(Math.Sqrt(finite.Length)), 5, 50);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(bins));
        double lo = finite.Min(), hi = finite.Max();
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi))) (lo, hi) = (lo - 0.5, hi + 0.5);   // all equal: one unit wide
        double width = (hi - lo) / n;
        var edges = new double[n + 1];
        for (int i = 0; i <= n; i++) edges[i] = lo + i * width;
        edges[n] = hi;
        var counts = new int[n];
        foreach (double v in finite) counts[Math.Min(n - 1, (int)((v - lo) / width))]++;
        return new Histogram(edges, counts);
    }
}
