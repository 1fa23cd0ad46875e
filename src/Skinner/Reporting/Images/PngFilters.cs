namespace Skinner.Reporting.Images;

/// <summary>The five PNG row filters; bytes to the left of the first pixel and above the first row count as zero.</summary>
internal static class PngFilters
{
    /// <summary>Writes the filter type byte then the filtered row into <paramref name="output"/> (length stride + 1).</summary>
    /// <remarks>One loop per filter rather than a switch per byte: the adaptive encoder runs all five on every row.</remarks>
    public static void Apply(PngFilter filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        output[0] = (byte)filter;
        Span<byte> o = output[1..];
        int n = row.Length;
        switch (filter)
        {
            case PngFilter.None:
                row.CopyTo(o);
                break;
            case PngFilter.Sub:
                row[..bpp].CopyTo(o);
                for (int i = bpp; i < n; i++) o[i] = (byte)(row[i] - row[i - bpp]);
                break;
            case PngFilter.Up:
                for (int i = 0; i < n; i++) o[i] = (byte)(row[i] - prior[i]);
                break;
            case PngFilter.Average:
                for (int i = 0; i < bpp; i++) o[i] = (byte)(row[i] - (prior[i] >> 1));
                for (int i = bpp; i < n; i++) o[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
                break;
            case PngFilter.Paeth:
                for (int i = 0; i < bpp; i++) o[i] = (byte)(row[i] - prior[i]);   // left and upper left are zero: Paeth picks above
                for (int i = bpp; i < n; i++) o[i] = (byte)(row[i] - Paeth(row[i - bpp], prior[i], prior[i - bpp]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "Not a single PNG filter.");
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
