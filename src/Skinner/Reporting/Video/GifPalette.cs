namespace Skinner.Reporting.Video;

/// <summary>
/// A GIF colour table with a way to map packed <c>0xRRGGBB</c> pixels to indices: either exact (the image's own
/// colours, when there are at most 256) or the fixed 6×7×6 colour cube (green gets the extra level because the
/// eye resolves it best), mapped to the nearest level per channel.
/// </summary>
internal sealed class GifPalette
{
    private readonly Dictionary<int, byte>? _exact;

    private GifPalette(int[] colors, Dictionary<int, byte>? exact)
    {
        Colors = colors;
        _exact = exact;
        Bits = 1;
        while ((1 << Bits) < colors.Length) Bits++;
    }

    /// <summary>The colours, packed <c>0xRRGGBB</c>.</summary>
    public int[] Colors { get; }

    /// <summary>Log2 of the table size written to the file (tables hold a power of two entries, 2 to 256).</summary>
    public int Bits { get; }

    /// <summary>True for the quantising colour cube.</summary>
    public bool IsCube => _exact is null;

    /// <summary>The 252-colour cube.</summary>
    public static GifPalette Cube { get; } = BuildCube();

    /// <summary>The exact palette of <paramref name="pixels"/> (in order of first appearance), or null if they
    /// have more than 256 colours.</summary>
    public static GifPalette? Exact(ReadOnlySpan<int> pixels)
    {
        var map = new Dictionary<int, byte>();
        var colors = new List<int>();
        int last = -1;
        foreach (int p in pixels)
        {
            if (p == last || map.ContainsKey(p)) { last = p; continue; }
            if (colors.Count == 256) return null;
            map.Add(p, (byte)colors.Count);
            colors.Add(p);
            last = p;
        }
        return new GifPalette([.. colors], map);
    }

    /// <summary>Maps every pixel to an index; false (indices unspecified) if an exact palette lacks a colour.</summary>
    public bool TryMap(ReadOnlySpan<int> pixels, Span<byte> indices)
    {
        if (_exact is null)
        {
            for (int i = 0; i < pixels.Length; i++) indices[i] = CubeIndex(pixels[i]);
            return true;
        }
        // Rendered frames have long runs of one colour, so remembering the last lookup saves most of them.
        int last = -1;
        byte lastIndex = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            int p = pixels[i];
            if (p != last)
            {
                if (!_exact.TryGetValue(p, out lastIndex)) return false;
                last = p;
            }
            indices[i] = lastIndex;
        }
        return true;
    }

    /// <summary>Writes the colour table, padded with black to 2^<see cref="Bits"/> entries.</summary>
    public void Write(Stream output)
    {
        var table = new byte[3 << Bits];
        for (int i = 0; i < Colors.Length; i++)
        {
            table[3 * i] = (byte)(Colors[i] >> 16);
            table[3 * i + 1] = (byte)(Colors[i] >> 8);
            table[3 * i + 2] = (byte)Colors[i];
        }
        output.Write(table);
    }

    private static byte CubeIndex(int p)
    {
        int r = ((p >> 16 & 0xFF) * 5 + 127) / 255;
        int g = ((p >> 8 & 0xFF) * 6 + 127) / 255;
        int b = ((p & 0xFF) * 5 + 127) / 255;
        return (byte)(r * 42 + g * 6 + b);
    }

    private static GifPalette BuildCube()
    {
        var colors = new int[6 * 7 * 6];
        for (int r = 0; r < 6; r++)
            for (int g = 0; g < 7; g++)
                for (int b = 0; b < 6; b++)
                    colors[r * 42 + g * 6 + b] = (r * 255 / 5) << 16 | (g * 255 / 6) << 8 | (b * 255 / 5);
        return new GifPalette(colors, null);
    }
}
