namespace Skinner.Reporting.Images;

/// <summary>The five PNG row filters; bytes to the left of the first pixel and above the first row count as zero.</summary>
internal static class PngFilters
{
    /// <summary>Writes the filter type byte then the filtered row into <paramref name="output"/> (length stride + 1).</summary>
    public static void Apply(PngFilter filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        output[0] = (byte)filter;
        Span<byte> o = output[1..];
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = prior[i];
            int c = i >= bpp ? prior[i - bpp] : 0;
            int predicted = filter switch
            {
                PngFilter.None => 0,
                PngFilter.Sub => a,
                PngFilter.Up => b,
                PngFilter.Average => (a + b) >> 1,
                PngFilter.Paeth => Paeth(a, b, c),
                _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Not a single PNG filter."),
            };
            o[i] = (byte)(row[i] - predicted);
        }
    }

    /// <summary>The neighbour (left, above, upper left) closest to left + above - upper left; ties in that order.</summary>
    public static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
