using System.Buffers.Binary;
using System.IO.Compression;

namespace Skinner.Tests.Reporting;

/// <summary>A minimal PNG reader for tests: 8-bit RGB/RGBA, non-interlaced, every chunk CRC checked, all five
/// filter types undone.</summary>
internal sealed record DecodedPng(int Width, int Height, int Channels, byte[] Pixels, IReadOnlyList<string> Chunks, IReadOnlyList<int> RowFilters)
{
    private static readonly byte[] s_signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static DecodedPng Decode(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(s_signature), "PNG signature");
        int pos = 8, width = 0, height = 0, channels = 0;
        var chunks = new List<string>();
        using var idat = new MemoryStream();
        while (pos < file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos + 8 + length));
            Assert.Equal(TestCrc.Ieee(file.AsSpan(pos + 4, length + 4)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
                Assert.Equal(0, data[12]);
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var (pixels, filters) = Unfilter(raw.ToArray(), width, height, channels);
        return new DecodedPng(width, height, channels, pixels, chunks, filters);
    }

    private static (byte[] Pixels, List<int> Filters) Unfilter(byte[] raw, int width, int height, int bpp)
    {
        int stride = width * bpp;
        Assert.Equal((stride + 1) * height, raw.Length);
        var pixels = new byte[stride * height];
        var filters = new List<int>();
        for (int y = 0; y < height; y++)
        {
            int type = raw[y * (stride + 1)];
            filters.Add(type);
            for (int i = 0; i < stride; i++)
            {
                int x = raw[y * (stride + 1) + 1 + i];
                int a = i >= bpp ? pixels[y * stride + i - bpp] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= bpp && y > 0 ? pixels[(y - 1) * stride + i - bpp] : 0;
                int predicted = type switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PaethPredictor(a, b, c),
                    _ => throw new InvalidDataException($"filter {type}"),
                };
                pixels[y * stride + i] = (byte)(x + predicted);
            }
        }
        return (pixels, filters);
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
