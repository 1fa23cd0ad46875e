using System.Buffers.Binary;
using System.IO.Compression;
using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Images;

/// <summary>PNG colour types that <see cref="PngEncoder"/> writes, 8 bits per channel.</summary>
public enum PngColorType
{
    /// <summary>Three bytes per pixel: red, green, blue.</summary>
    Rgb = 2,

    /// <summary>Four bytes per pixel: red, green, blue, alpha (not premultiplied).</summary>
    Rgba = 6,
}

/// <summary>How each row is filtered before compression.</summary>
public enum PngFilter
{
    /// <summary>Raw bytes.</summary>
    None = 0,

    /// <summary>Difference with the pixel to the left.</summary>
    Sub = 1,

    /// <summary>Difference with the pixel above.</summary>
    Up = 2,

    /// <summary>Difference with the mean of left and above.</summary>
    Average = 3,

    /// <summary>Difference with the Paeth predictor of left, above and upper left.</summary>
    Paeth = 4,

    /// <summary>Per row, the filter whose output has the smallest sum of absolute signed bytes (the usual heuristic).</summary>
    Adaptive = 5,
}

/// <summary>Encodes 8-bit RGB or RGBA images as PNG (non-interlaced, one IDAT chunk, zlib from the base library).</summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="pixels"/> (row-major, top row first, 3 or 4 bytes per pixel as
    /// <paramref name="color"/> says) as a PNG file.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, PngColorType color,
        PngFilter filter = PngFilter.Adaptive, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int channels = color switch
        {
            PngColorType.Rgb => 3,
            PngColorType.Rgba => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(color), color, "PNG colour type must be Rgb or Rgba."),
        };
        if (!Enum.IsDefined(filter)) throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown PNG filter.");
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException($"A {width}x{height} {color} image needs {expected} bytes, got {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;               // bit depth
        header[9] = (byte)color;
        header[10] = 0;              // deflate
        header[11] = 0;              // adaptive filtering with five basic types
        header[12] = 0;              // no interlace
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, Compress(pixels, width * channels, height, channels, filter, level));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Encodes an environment frame as an RGB PNG.</summary>
    public static byte[] Encode(Frame frame, PngFilter filter = PngFilter.Adaptive)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Encode(frame.Rgb, frame.Width, frame.Height, PngColorType.Rgb, filter);
    }

    /// <summary>Encodes and writes atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, PngColorType color,
        PngFilter filter = PngFilter.Adaptive) =>
        AtomicFile.WriteAllBytes(path, Encode(pixels, width, height, color, filter));

    /// <summary>Encodes a frame and writes it atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, Frame frame) => AtomicFile.WriteAllBytes(path, Encode(frame));

    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height, int bpp, PngFilter filter, CompressionLevel level)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            var prior = new byte[stride];      // the row above the first row is all zeros
            var filtered = new byte[stride + 1];
            var trial = new byte[stride + 1];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = pixels.Slice(y * stride, stride);
                if (filter == PngFilter.Adaptive) PickBest(row, prior, bpp, filtered, trial);
                else PngFilters.Apply(filter, row, prior, bpp, filtered);
                zlib.Write(filtered);
                row.CopyTo(prior);
            }
        }
        return compressed.ToArray();
    }

    private static void PickBest(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, byte[] best, byte[] trial)
    {
        long bestScore = long.MaxValue;
        for (var f = PngFilter.None; f <= PngFilter.Paeth; f++)
        {
            PngFilters.Apply(f, row, prior, bpp, trial);
            long score = 0;
            for (int i = 1; i < trial.Length; i++) score += Math.Abs((int)(sbyte)trial[i]);
            if (score < bestScore)
            {
                bestScore = score;
                trial.CopyTo(best, 0);
            }
        }
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        // The CRC covers the chunk type and data, not the length.
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Ieee(data, Crc32.Ieee(type)));
        output.Write(word);
    }
}
