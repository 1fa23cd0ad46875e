using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public class RasterCanvasTests
{
    private static (int R, int G, int B) At(byte[] rgb, int w, int x, int y) => (rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2]);

    [Fact]
    public void AnAlignedRectangleCoversExactlyItsPixels()
    {
        var c = new RasterCanvas(20, 20, PlotColor.White);
        c.Rectangle(5, 6, 4, 3, PlotColor.Black, 1, null);
        byte[] rgb = c.ToRgb();
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 20; x++)
            {
                bool inside = x >= 5 && x < 9 && y >= 6 && y < 9;
                Assert.Equal(inside ? (0, 0, 0) : (255, 255, 255), At(rgb, 20, x, y));
            }
    }

    [Fact]
    public void HalfCoveredPixelsAreBlendedAndOpacityMixes()
    {
        var c = new RasterCanvas(10, 10, PlotColor.White);
        c.Rectangle(2, 2, 1.5, 1, PlotColor.Black, 1, null);        // the pixel at x = 3 is half covered
        c.Rectangle(6, 6, 2, 2, new PlotColor(0, 0, 255), 0.5, null);
        c.Rectangle(6, 6, 2, 2, new PlotColor(0, 0, 255), 0.5, null); // twice: 75 % blue
        byte[] rgb = c.ToRgb();
        Assert.Equal((0, 0, 0), At(rgb, 10, 2, 2));
        Assert.InRange(At(rgb, 10, 3, 2).R, 165, 175);               // one of its three sub-columns covered: 2/3 white
        Assert.InRange(At(rgb, 10, 6, 6).R, 60, 68);                  // 255 / 4
        Assert.Equal(255, At(rgb, 10, 6, 6).B);
    }

    [Fact]
    public void AThickLineCoversItsWidthAndATranslucentPolylineIsNotDarkenedAtItsJoints()
    {
        var c = new RasterCanvas(40, 20, PlotColor.White);
        c.Polyline([5, 35], [10, 10], PlotColor.Black, 4, false, null);
        byte[] rgb = c.ToRgb();
        for (int y = 0; y < 20; y++) Assert.Equal(y is >= 8 and < 12 ? 0 : 255, At(rgb, 40, 20, y).R);

        var band = new RasterCanvas(30, 30, PlotColor.White);
        band.Polygon([2, 28, 28, 15, 2], [2, 2, 28, 15, 28], new PlotColor(0, 0, 0), 0.5, null);
        byte[] b = band.ToRgb();
        Assert.Equal(At(b, 30, 5, 5), At(b, 30, 25, 5));
        Assert.InRange(At(b, 30, 5, 5).R, 126, 129);
    }

    [Fact]
    public void DashesAlternateOnAndOffAlongThePath()
    {
        var dashes = RasterCanvas.Dashes([0, 30], [0, 0], 8, 5);
        Assert.Equal([(0.0, 8.0), (13.0, 21.0), (26.0, 30.0)], dashes.Select(d => (d.Xs[0], d.Xs[^1])));
        // Around a corner, a dash carries on past the vertex.
        var bent = RasterCanvas.Dashes([0, 4, 4], [0, 0, 10], 8, 5);
        Assert.Equal([0.0, 4, 4], bent[0].Xs);
        Assert.Equal([0.0, 0, 4], bent[0].Ys);
    }

    [Fact]
    public void TextIsDrawnOnTopAtFullResolution()
    {
        var c = new RasterCanvas(60, 30, PlotColor.White);
        c.Text(30, 15, "I", TextStyle.Tick, TextAnchor.Middle);
        c.Rectangle(0, 0, 60, 30, new PlotColor(200, 200, 200), 1, null);   // drawn later, still beneath the text
        byte[] rgb = c.ToRgb();
        int ink = Enumerable.Range(0, 60 * 30).Count(i => rgb[3 * i] == 34);
        Assert.Equal((3 + 5 + 3) * 4, ink);   // 'I': a 3-cell top bar, 5 cells of stem, a 3-cell foot, 2x2 each
    }
}
