using System.Buffers.Binary;

namespace Skinner.Tests.Reporting;

/// <summary>A GIF89a reader for tests: global and local colour tables, graphic control and Netscape extensions,
/// LZW with clear codes, frames composited onto the canvas (disposal 0/1: leave in place). Every frame is
/// returned as the full RGB canvas after it is drawn.</summary>
internal sealed record DecodedGif(int Width, int Height, int? LoopCount, List<byte[]> Frames, List<int> Delays, List<bool> LocalTables, List<(int X, int Y, int W, int H)> Rectangles)
{
    public static DecodedGif Decode(byte[] file)
    {
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(file, 0, 6));
        int width = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6));
        int height = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        byte packed = file[10];
        int pos = 13;
        byte[]? global = null;
        if ((packed & 0x80) != 0)
        {
            int n = 3 << ((packed & 7) + 1);
            global = file.AsSpan(pos, n).ToArray();
            pos += n;
        }
        var gif = new DecodedGif(width, height, null, [], [], [], []);
        int? loop = null;
        var canvas = new byte[width * height * 3];
        int delay = 0;
        while (true)
        {
            byte b = file[pos++];
            if (b == 0x3B) break;
            if (b == 0x21)
            {
                byte label = file[pos++];
                var blocks = SubBlocks(file, ref pos);
                if (label == 0xF9)
                {
                    Assert.Equal(4, blocks[0].Length);
                    delay = BinaryPrimitives.ReadUInt16LittleEndian(blocks[0].AsSpan(1));
                    Assert.InRange((blocks[0][0] >> 2) & 7, 0, 1);
                }
                else if (label == 0xFF && System.Text.Encoding.ASCII.GetString(blocks[0]) == "NETSCAPE2.0")
                    loop = BinaryPrimitives.ReadUInt16LittleEndian(blocks[1].AsSpan(1));
                continue;
            }
            Assert.Equal(0x2C, b);
            int x = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos));
            int y = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos + 2));
            int w = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos + 4));
            int h = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos + 6));
            byte flags = file[pos + 8];
            pos += 9;
            Assert.Equal(0, flags & 0x40);   // not interlaced
            byte[] table = global ?? throw new InvalidDataException("no colour table");
            if ((flags & 0x80) != 0)
            {
                int n = 3 << ((flags & 7) + 1);
                table = file.AsSpan(pos, n).ToArray();
                pos += n;
            }
            int minCodeSize = file[pos++];
            byte[] data = [.. SubBlocks(file, ref pos).SelectMany(block => block)];
            byte[] indices = Lzw(data, minCodeSize, w * h);
            Assert.True(x + w <= width && y + h <= height, "frame inside the canvas");
            for (int j = 0; j < h; j++)
                for (int i = 0; i < w; i++)
                {
                    int index = indices[j * w + i];
                    Assert.True(3 * index + 2 < table.Length, "index inside the colour table");
                    table.AsSpan(3 * index, 3).CopyTo(canvas.AsSpan(((y + j) * width + x + i) * 3));
                }
            gif.Frames.Add((byte[])canvas.Clone());
            gif.Delays.Add(delay);
            gif.LocalTables.Add((flags & 0x80) != 0);
            gif.Rectangles.Add((x, y, w, h));
        }
        Assert.Equal(file.Length, pos);
        return gif with { LoopCount = loop };
    }

    public static List<byte[]> SubBlocks(byte[] file, ref int pos)
    {
        var blocks = new List<byte[]>();
        for (int n = file[pos++]; n != 0; n = file[pos++])
        {
            blocks.Add(file.AsSpan(pos, n).ToArray());
            pos += n;
        }
        return blocks;
    }

    /// <summary>Textbook decoder: strings kept whole, widths grown when the next code to define reaches 2^width.</summary>
    public static byte[] Lzw(byte[] data, int minCodeSize, int count)
    {
        int clear = 1 << minCodeSize, end = clear + 1;
        var output = new List<byte>(count);
        var dict = new List<byte[]>();
        int width = 0;
        byte[]? previous = null;
        long bitPos = 0;
        void Reset()
        {
            dict.Clear();
            for (int i = 0; i < clear; i++) dict.Add([(byte)i]);
            dict.Add([]);
            dict.Add([]);
            width = minCodeSize + 1;
            previous = null;
        }
        Reset();
        bool first = true;
        while (true)
        {
            int code = 0;
            for (int k = 0; k < width; k++, bitPos++)
            {
                Assert.True(bitPos / 8 < data.Length, "LZW data ended before the end code");
                code |= ((data[bitPos / 8] >> (int)(bitPos % 8)) & 1) << k;
            }
            if (first) { Assert.Equal(clear, code); first = false; }
            if (code == clear) { Reset(); continue; }
            if (code == end) break;
            byte[] entry;
            if (code < dict.Count) entry = dict[code];
            else
            {
                Assert.Equal(dict.Count, code);
                Assert.NotNull(previous);
                entry = [.. previous, previous[0]];
            }
            if (previous is not null && dict.Count < 4096) dict.Add([.. previous, entry[0]]);
            output.AddRange(entry);
            previous = entry;
            if (dict.Count == (1 << width) && width < 12) width++;
        }
        Assert.Equal(count, output.Count);
        return [.. output];
    }
}
