using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public class BitmapFontTests
{
    [Fact]
    public void EveryPrintableCharacterHasItsOwnGlyph()
    {
        var seen = new HashSet<string>();
        for (char c = '!'; c <= '~'; c++)
        {
            byte[] rows = BitmapFont.Rows(c).ToArray();
            Assert.Equal(BitmapFont.GlyphHeight, rows.Length);
            Assert.Contains(rows, r => r != 0);
            Assert.All(rows, r => Assert.True(r < 32, $"'{c}' is wider than five cells"));
            Assert.True(seen.Add(Convert.ToHexString(rows)), $"'{c}' looks like another glyph");
        }
        Assert.All(BitmapFont.Rows(' ').ToArray(), r => Assert.Equal(0, r));
        Assert.Equal(BitmapFont.Rows('?').ToArray(), BitmapFont.Rows('\u00e9').ToArray());
    }

    [Fact]
    public void OnlyDescendersReachTheLastRow()
    {
        for (char c = '!'; c <= '~'; c++)
            Assert.Equal("gjpqy".Contains(c, StringComparison.Ordinal), BitmapFont.Rows(c)[^1] != 0);
    }

    [Fact]
    public void DrawsScaledCellsAndRotatesVerticalText()
    {
        const int W = 40, H = 40;
        var flat = new byte[W * H * 3];
        BitmapFont.Draw(flat, W, H, 2, 3, "L", 2, PlotColor.Red, vertical: false);
        // 'L' is a left column of 7 cells and a bottom row of 5: (7 + 4) cells of 2x2 pixels.
        Assert.Equal(11 * 4, Count(flat));
        Assert.True(IsRed(flat, W, 2, 3) && IsRed(flat, W, 3, 4) && IsRed(flat, W, 2 + 9, 3 + 13));
        var up = new byte[W * H * 3];
        BitmapFont.Draw(up, W, H, 2, 30, "L", 2, PlotColor.Red, vertical: true);
        Assert.Equal(11 * 4, Count(up));
        // Rotated a quarter turn counter-clockwise: the glyph's left column lies along the bottom row.
        for (int x = 2; x < 2 + 14; x++) Assert.True(IsRed(up, W, x, 30), $"x={x}");
        Assert.Equal(10, BitmapFont.Width("L", 2));
        Assert.Equal(17, BitmapFont.Width("abc", 1));
    }

    private static int Count(byte[] rgb) => Enumerable.Range(0, rgb.Length / 3).Count(i => rgb[3 * i] == 214);

    private static bool IsRed(byte[] rgb, int w, int x, int y) => rgb[(y * w + x) * 3] == 214;
}
