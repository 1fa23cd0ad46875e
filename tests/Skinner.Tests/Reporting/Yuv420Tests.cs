using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public class Yuv420Tests
{
    private static byte Luma(int r, int g, int b) => (byte)Math.Clamp(16 + Math.Round((65.738 * r + 129.057 * g + 25.064 * b) / 256), 16, 235);

    /// <summary>A direct reading of BT.601 (limited range) and of 4:2:0 with black padding, pixel by pixel.</summary>
    private static byte[] Reference(byte[] rgb, int w, int h)
    {
        int pw = (w + 1) / 2 * 2, ph = (h + 1) / 2 * 2, cw = pw / 2, ch = ph / 2;
        var yuv = new byte[pw * ph * 3 / 2];
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++)
            {
                int i = (y * w + x) * 3;
                yuv[y * pw + x] = x < w && y < h ? Luma(rgb[i], rgb[i + 1], rgb[i + 2]) : (byte)16;
            }
        for (int by = 0; by < ch; by++)
            for (int bx = 0; bx < cw; bx++)
            {
                double r = 0, g = 0, b = 0;
                int n = 0;
                for (int y = 2 * by; y < Math.Min(h, 2 * by + 2); y++)
                    for (int x = 2 * bx; x < Math.Min(w, 2 * bx + 2); x++)
                    {
                        int i = (y * w + x) * 3;
                        (r, g, b, n) = (r + rgb[i], g + rgb[i + 1], b + rgb[i + 2], n + 1);
                    }
                (r, g, b) = (r / n, g / n, b / n);
                yuv[pw * ph + by * cw + bx] = (byte)Math.Clamp(128 + Math.Round((-37.945 * r - 74.494 * g + 112.439 * b) / 256), 16, 240);
                yuv[pw * ph + cw * ch + by * cw + bx] = (byte)Math.Clamp(128 + Math.Round((112.439 * r - 94.154 * g - 18.285 * b) / 256), 16, 240);
            }
        return yuv;
    }

    [Fact]
    public void KnownColoursGetTheirBt601LimitedRangeValues()
    {
        var yuv = new byte[6];
        foreach (var (rgb, expected) in new (byte[] Rgb, byte[] Yuv)[]
        {
            ([0, 0, 0], [16, 128, 128]),
            ([255, 255, 255], [235, 128, 128]),
            ([255, 0, 0], [82, 90, 240]),
            ([0, 0, 255], [41, 240, 110]),
        })
        {
            byte[] block = [.. rgb, .. rgb, .. rgb, .. rgb];
            Yuv420.FromRgb(block, 2, 2, yuv);
            Assert.Equal([.. Enumerable.Repeat(expected[0], 4), expected[1], expected[2]], yuv);
        }
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(7, 5)]
    [InlineData(1, 1)]
    [InlineData(61, 41)]
    [InlineData(64, 30, true)]
    [InlineData(33, 21, true)]
    public void EveryPixelMatchesTheDefinitionWithinOneLevelAndOddSizesArePaddedWithBlack(int w, int h, bool repeatedRowPairs = false)
    {
        var random = new Random(w * 100 + h);
        var rgb = new byte[w * h * 3];
        // Runs of one colour (which the converter shortcuts) between random pixels.
        for (int i = 0; i < w * h; i++)
        {
            byte[] c = random.Next(3) == 0 ? [(byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)] : [250, 250, 250];
            c.CopyTo(rgb, 3 * i);
        }
        if (repeatedRowPairs)
        {
            // Pairs of rows equal to the pair above (which the converter also shortcuts), at random.
            for (int y = 2; y + 1 < h; y += 2)
                if (random.Next(2) == 0) Array.Copy(rgb, (y - 2) * w * 3, rgb, y * w * 3, 2 * w * 3);
        }
        var expected = Reference(rgb, w, h);
        var actual = new byte[Yuv420.FrameBytes(w, h)];
        Assert.Equal(expected.Length, actual.Length);
        Yuv420.FromRgb(rgb, w, h, actual);
        for (int i = 0; i < expected.Length; i++) Assert.InRange(actual[i] - expected[i], -1, 1);
        var (pw, ph) = Yuv420.PaddedSize(w, h);
        if (w % 2 == 1) Assert.All(Enumerable.Range(0, ph), y => Assert.Equal(16, actual[y * pw + pw - 1]));
        if (h % 2 == 1) Assert.All(Enumerable.Range(0, pw), x => Assert.Equal(16, actual[(ph - 1) * pw + x]));
    }

    [Fact]
    public void WrongBufferSizesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Yuv420.FromRgb(new byte[11], 2, 2, new byte[6]));
        Assert.Throws<ArgumentException>(() => Yuv420.FromRgb(new byte[12], 2, 2, new byte[7]));
    }
}
