using Skinner.Envs.Rendering;
using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public sealed class FfmpegVideoWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-mp4").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Frame Gradient(int t, int h, int w)
    {
        var f = new Frame(h, w);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                (f.Rgb[i], f.Rgb[i + 1], f.Rgb[i + 2]) = ((byte)(x * 4 + t * 8), (byte)(y * 5), (byte)(128 + t * 4));
            }
        return f;
    }

    [FfmpegFact]
    public void OddSizedFramesBecomeAnEvenSizedH264VideoWithEveryFrame()
    {
        const int H = 41, W = 61, N = 15;
        string path = Path.Combine(_dir, "clip.mp4");
        using (var mp4 = new FfmpegVideoWriter(path, framesPerSecond: 15, crf: 10))
            for (int t = 0; t < N; t++) mp4.AddFrame(Gradient(t, H, W));
        Assert.Single(Directory.GetFiles(_dir));
        byte[] rgb = FfmpegFactAttribute.DecodeRgb(path);
        const int Padded = 42 * 62 * 3;
        Assert.Equal(N * Padded, rgb.Length);
        // Lossy, but close: compare the unpadded area of the middle frame.
        var expected = Gradient(N / 2, H, W);
        double error = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W * 3; x++)
                error += Math.Abs(rgb[(N / 2) * Padded + y * 62 * 3 + x] - expected.Rgb[y * W * 3 + x]);
        Assert.True(error / (H * W * 3) < 6, $"mean absolute error {error / (H * W * 3):F2}");
    }

    [FfmpegFact]
    public void AbortLeavesNoFile()
    {
        var mp4 = new FfmpegVideoWriter(Path.Combine(_dir, "x.mp4"));
        mp4.AddFrame(Gradient(0, 8, 8));
        mp4.Abort();
        mp4.Dispose();
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AvailabilityMatchesTheConstructorsBehaviour()
    {
        if (FfmpegVideoWriter.IsAvailable)
        {
            Assert.True(File.Exists(FfmpegVideoWriter.ExecutablePath));
            using var mp4 = new FfmpegVideoWriter(Path.Combine(_dir, "y.mp4"));
        }
        else
        {
            Assert.Null(FfmpegVideoWriter.ExecutablePath);
            var ex = Assert.Throws<InvalidOperationException>(() => new FfmpegVideoWriter(Path.Combine(_dir, "y.mp4")));
            Assert.Contains("not on the PATH", ex.Message, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
