using Skinner.Envs.Rendering;
using Skinner.Reporting;
using Skinner.Reporting.Images;

namespace Skinner.Tests.Reporting;

public class PngEncoderTests
{
    private static byte[] Noise(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        rng.NextBytes(data);
        // Smooth regions too, so that the predictors have something to predict.
        for (int i = 0; i < length / 2; i++) data[i] = (byte)(i / 7);
        return data;
    }

    [Theory]
    [InlineData(PngColorType.Rgb, PngFilter.None)]
    [InlineData(PngColorType.Rgb, PngFilter.Sub)]
    [InlineData(PngColorType.Rgb, PngFilter.Up)]
    [InlineData(PngColorType.Rgb, PngFilter.Average)]
    [InlineData(PngColorType.Rgb, PngFilter.Paeth)]
    [InlineData(PngColorType.Rgb, PngFilter.Adaptive)]
    [InlineData(PngColorType.Rgba, PngFilter.Paeth)]
    [InlineData(PngColorType.Rgba, PngFilter.Adaptive)]
    public void PixelsRoundTripThroughAnIndependentDecoder(PngColorType color, PngFilter filter)
    {
        int channels = color == PngColorType.Rgb ? 3 : 4;
        const int W = 37, H = 23;
        byte[] pixels = Noise(W * H * channels, (int)filter);
        var png = DecodedPng.Decode(PngEncoder.Encode(pixels, W, H, color, filter));
        Assert.Equal((W, H, channels), (png.Width, png.Height, png.Channels));
        Assert.Equal(pixels, png.Pixels);
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.Chunks);
        if (filter != PngFilter.Adaptive) Assert.All(png.RowFilters, f => Assert.Equal((int)filter, f));
    }

    [Fact]
    public void AdaptiveFilteringPicksDifferentFiltersPerRowAndCompressesBetterThanNone()
    {
        const int W = 64, H = 64;
        var pixels = new byte[W * H * 3];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int i = (y * W + x) * 3;
                // A horizontal gradient in the top half (Sub wins), vertical stripes below (Up wins).
                pixels[i] = (byte)(y < H / 2 ? x * 4 : (x % 3) * 80 + y);
                pixels[i + 1] = (byte)(y < H / 2 ? x * 2 : (x % 5) * 50);
                pixels[i + 2] = (byte)(y * 3);
            }
        byte[] adaptive = PngEncoder.Encode(pixels, W, H, PngColorType.Rgb, PngFilter.Adaptive);
        byte[] none = PngEncoder.Encode(pixels, W, H, PngColorType.Rgb, PngFilter.None);
        var png = DecodedPng.Decode(adaptive);
        Assert.Equal(pixels, png.Pixels);
        Assert.True(png.RowFilters.Distinct().Count() >= 2, string.Join(",", png.RowFilters));
        Assert.True(adaptive.Length < none.Length, $"adaptive {adaptive.Length} bytes, none {none.Length}");
    }

    [Fact]
    public void FrameIsWrittenAtomicallyAndReadsBack()
    {
        var frame = new Frame(5, 4);
        for (int i = 0; i < frame.Rgb.Length; i++) frame.Rgb[i] = (byte)(i * 11);
        string dir = Directory.CreateTempSubdirectory("skinner-png").FullName;
        try
        {
            string path = Path.Combine(dir, "frame.png");
            PngEncoder.Write(path, frame);
            var png = DecodedPng.Decode(File.ReadAllBytes(path));
            Assert.Equal((4, 5, 3), (png.Width, png.Height, png.Channels));
            Assert.Equal(frame.Rgb, png.Pixels);
            Assert.Equal(["frame.png"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void WrongBufferSizeIsRejectedWithTheExpectedSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[10], 2, 2, PngColorType.Rgb));
        Assert.Contains("needs 12 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PaethPredictorMatchesTheSpecificationsTieOrder()
    {
        Assert.Equal(10, PngFilters.Paeth(10, 10, 10));   // all equal: left
        Assert.Equal(20, PngFilters.Paeth(10, 20, 10));   // p = 20: above exact
        Assert.Equal(30, PngFilters.Paeth(30, 5, 5));     // p = 30: left exact
        Assert.Equal(0, PngFilters.Paeth(0, 0, 255));     // p = -255: left (tie with above goes left)
        Assert.Equal(55, PngFilters.Paeth(50, 60, 55));   // p = 55: upper left is exact
    }
}
