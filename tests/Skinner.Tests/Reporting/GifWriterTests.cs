using Skinner.Envs.Rendering;
using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public sealed class GifWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-gif").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A cart-pole-like scene: white background, a black track, a box and a pole that move.</summary>
    private static Frame Scene(int t, int w = 60, int h = 40)
    {
        var f = new Frame(h, w);
        Array.Fill(f.Rgb, (byte)255);
        void Set(int x, int y, byte r, byte g, byte b)
        {
            if (x < 0 || y < 0 || x >= w || y >= h) return;
            int i = (y * w + x) * 3;
            (f.Rgb[i], f.Rgb[i + 1], f.Rgb[i + 2]) = (r, g, b);
        }
        for (int x = 0; x < w; x++) Set(x, 30, 0, 0, 0);
        int cx = 10 + t * 3;
        for (int y = 24; y < 30; y++) for (int x = cx - 4; x <= cx + 4; x++) Set(x, y, 0, 0, 0);
        for (int y = 8; y < 24; y++) Set(cx + (24 - y) * t / 10, y, 202, 152, 101);
        Set(cx, 24, 129, 132, 203);
        return f;
    }

    private DecodedGif WriteAndDecode(IEnumerable<Frame> frames, double fps = 30)
    {
        string path = Path.Combine(_dir, "v.gif");
        using (var gif = new GifWriter(path, fps))
            foreach (var f in frames) gif.AddFrame(f);
        return DecodedGif.Decode(File.ReadAllBytes(path));
    }

    [Fact]
    public void EveryFrameDecodesToTheExactPixelsWhenColoursFit()
    {
        var frames = Enumerable.Range(0, 12).Select(t => Scene(t)).ToList();
        var gif = WriteAndDecode(frames, fps: 25);
        Assert.Equal((60, 40), (gif.Width, gif.Height));
        Assert.Equal(0, gif.LoopCount);
        Assert.Equal(frames.Count, gif.Frames.Count);
        for (int i = 0; i < frames.Count; i++) Assert.Equal(frames[i].Rgb, gif.Frames[i]);
        Assert.All(gif.Delays, d => Assert.Equal(4, d));
        // Only the changed rectangle is stored after the first frame.
        Assert.Equal((0, 0, 60, 40), gif.Rectangles[0]);
        Assert.All(gif.Rectangles.Skip(1), r => Assert.True(r.W * r.H < 60 * 40 / 2, $"{r}"));
    }

    [Theory]
    [InlineData(60, 40)]
    [InlineData(7, 5)]
    [InlineData(131, 9)]
    public void TheStoredRectangleIsExactlyTheBoundingBoxOfTheChangedPixels(int w, int h)
    {
        var random = new Random(w * h);
        var frames = new List<Frame> { Scene(0, w, h) };
        var expected = new List<(int X, int Y, int W, int H)>();
        for (int t = 0; t < 20; t++)
        {
            var next = new Frame(h, w);
            frames[^1].Rgb.CopyTo(next.Rgb, 0);
            for (int c = random.Next(1, 4); c > 0; c--)
                next.Rgb[((random.Next(h) * w) + random.Next(w)) * 3 + random.Next(3)] ^= 0x55;   // one channel of one pixel
            // The bounding box of the pixels that differ (a pixel changed twice may be back as it was).
            int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            bool any = false;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = ((y * w) + x) * 3;
                    if (next.Rgb.AsSpan(i, 3).SequenceEqual(frames[^1].Rgb.AsSpan(i, 3))) continue;
                    (x0, y0, x1, y1) = any ? (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y)) : (x, y, x, y);
                    any = true;
                }
            }
            frames.Add(next);
            expected.Add((x0, y0, x1 - x0 + 1, y1 - y0 + 1));
        }
        var gif = WriteAndDecode(frames);
        Assert.Equal(expected, gif.Rectangles.Skip(1));
        for (int i = 0; i < frames.Count; i++) Assert.Equal(frames[i].Rgb, gif.Frames[i]);
    }

    [Fact]
    public void CommonSuffixLengthFindsTheLastDifferenceAtEveryPosition()
    {
        for (int n = 0; n <= 100; n++)
        {
            byte[] a = [.. Enumerable.Range(0, n).Select(i => (byte)(i * 7))];
            Assert.Equal(n, GifWriter.CommonSuffixLength(a, (byte[])a.Clone()));
            for (int d = 0; d < n; d++)
            {
                var b = (byte[])a.Clone();
                b[d] ^= 1;
                Assert.Equal(n - d - 1, GifWriter.CommonSuffixLength(a, b));
            }
        }
    }

    [FfmpegFact]
    public void FfmpegDecodesTheSameFrames()
    {
        var frames = Enumerable.Range(0, 10).Select(t => Scene(t)).ToList();
        frames[5].Rgb[0] = 17;   // a colour outside the global table: a local table
        string path = Path.Combine(_dir, "x.gif");
        using (var gif = new GifWriter(path, 10))
            foreach (var f in frames) gif.AddFrame(f);
        byte[] rgb = FfmpegFactAttribute.DecodeRgb(path);
        Assert.Equal(frames.SelectMany(f => f.Rgb), rgb);
    }

    [Fact]
    public void NewColoursLaterGetALocalTableAndStayExact()
    {
        var first = Scene(0);
        var second = Scene(1);
        for (int i = 0; i < 300; i++) second.Rgb[3 * i] = (byte)(i % 7 * 30);   // new reds in the first rows
        var gif = WriteAndDecode([first, second, Scene(2)]);
        Assert.Equal([false, true, false], gif.LocalTables);
        Assert.Equal(first.Rgb, gif.Frames[0]);
        Assert.Equal(second.Rgb, gif.Frames[1]);
        Assert.Equal(Scene(2).Rgb, gif.Frames[2]);
    }

    [Fact]
    public void MoreThan256ColoursAreQuantisedToTheCubeWithinHalfALevel()
    {
        var f = new Frame(64, 64);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                int i = (y * 64 + x) * 3;
                (f.Rgb[i], f.Rgb[i + 1], f.Rgb[i + 2]) = ((byte)(x * 4), (byte)(y * 4), (byte)((x + y) * 2));
            }
        var gif = WriteAndDecode([f]);
        byte[] decoded = gif.Frames[0];
        for (int i = 0; i < decoded.Length; i++)
        {
            double halfStep = i % 3 == 1 ? 255 / 6.0 / 2 : 255 / 5.0 / 2;
            Assert.True(Math.Abs(decoded[i] - f.Rgb[i]) <= halfStep + 1, $"byte {i}: {f.Rgb[i]} became {decoded[i]}");
        }
    }

    [Fact]
    public void LongNoisyFramesCrossTheDictionaryLimitAndStillDecode()
    {
        // 256 colours of noise fill the 4096-entry dictionary many times: exercises widths up to 12 and clear codes.
        var rng = new Random(3);
        var palette = Enumerable.Range(0, 256).Select(_ => (byte)rng.Next(256)).ToArray();
        var frames = new List<Frame>();
        for (int k = 0; k < 3; k++)
        {
            var f = new Frame(90, 120);
            for (int p = 0; p < 90 * 120; p++)
            {
                int c = rng.Next(k == 0 ? 256 : 4);   // later frames: 4 of the same colours, long matches
                (f.Rgb[3 * p], f.Rgb[3 * p + 1], f.Rgb[3 * p + 2]) = (palette[c], (byte)c, 7);
            }
            frames.Add(f);
        }
        var gif = WriteAndDecode(frames);
        for (int i = 0; i < frames.Count; i++) Assert.Equal(frames[i].Rgb, gif.Frames[i]);
    }

    [Fact]
    public void AnUnchangedFrameStillTakesItsTurnAndASingleColourFrameWorks()
    {
        var blank = new Frame(3, 2);
        var gif = WriteAndDecode([blank, blank, blank]);
        Assert.Equal(3, gif.Frames.Count);
        Assert.All(gif.Frames, f => Assert.Equal(blank.Rgb, f));
    }

    [Fact]
    public void DelaysFollowTheFrameRateAndOverridesPerFrame()
    {
        Assert.Equal(3, GifWriter.DelayCentiseconds(30));
        Assert.Equal(2, GifWriter.DelayCentiseconds(50));
        Assert.Equal(2, GifWriter.DelayCentiseconds(1000));
        Assert.Equal(100, GifWriter.DelayCentiseconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GifWriter.DelayCentiseconds(0));
        string path = Path.Combine(_dir, "d.gif");
        using (var gif = new GifWriter(path, loop: false))
        {
            gif.AddFrame(Scene(0), 7);
            gif.AddFrame(Scene(1), 250);
        }
        var decoded = DecodedGif.Decode(File.ReadAllBytes(path));
        Assert.Equal([7, 250], decoded.Delays);
        Assert.Null(decoded.LoopCount);
    }

    [Fact]
    public void NothingAppearsUntilCompleteAndAbortLeavesNothing()
    {
        string path = Path.Combine(_dir, "a.gif");
        var gif = new GifWriter(path);
        gif.AddFrame(Scene(0));
        Assert.False(File.Exists(path));
        gif.Abort();
        gif.Dispose();
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AFrameOfAnotherSizeIsRefusedWithBothSizes()
    {
        using var gif = new GifWriter(Path.Combine(_dir, "s.gif"));
        gif.AddFrame(new Frame(4, 4));
        var ex = Assert.Throws<ArgumentException>(() => gif.AddFrame(new Frame(4, 5)));
        Assert.Contains("5x4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4x4", ex.Message, StringComparison.Ordinal);
    }
}
