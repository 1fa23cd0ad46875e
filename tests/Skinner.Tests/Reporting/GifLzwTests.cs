using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public class GifLzwTests
{
    private static byte[] RoundTrip(byte[] indices, int minCodeSize)
    {
        using var ms = new MemoryStream();
        new GifLzw().Encode(indices, minCodeSize, ms);
        byte[] bytes = ms.ToArray();
        Assert.Equal(minCodeSize, bytes[0]);
        int pos = 1;
        var blocks = DecodedGif.SubBlocks(bytes, ref pos);
        Assert.Equal(bytes.Length, pos);
        Assert.All(blocks, b => Assert.InRange(b.Length, 1, 255));
        return DecodedGif.Lzw([.. blocks.SelectMany(b => b)], minCodeSize, indices.Length);
    }

    [Fact]
    public void EveryLengthOfOneAndTwoSymbolStreamsDecodes()
    {
        // Runs of one symbol make the code widths grow at lengths that shift with the stream; trying every
        // length up to 1000 puts the end code right after each widening at least once.
        for (int n = 1; n <= 1000; n++)
        {
            var indices = new byte[n];
            for (int i = n / 2; i < n; i++) indices[i] = 1;
            Assert.Equal(indices, RoundTrip(indices, 2));
        }
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(8, 256)]
    public void RandomStreamsFillTheDictionaryAndClearIt(int minCodeSize, int symbols)
    {
        var rng = new Random(minCodeSize);
        var indices = new byte[40_000];
        for (int i = 0; i < indices.Length; i++) indices[i] = (byte)rng.Next(symbols);
        Assert.Equal(indices, RoundTrip(indices, minCodeSize));
    }

    [Fact]
    public void EmptyStreamIsClearThenEnd()
    {
        using var ms = new MemoryStream();
        new GifLzw().Encode([], 2, ms);
        // min code size 2; one sub-block of one byte: clear (100) then end (101) in 3-bit codes, LSB first.
        Assert.Equal([2, 1, 0b00_101_100, 0], ms.ToArray());
    }
}
