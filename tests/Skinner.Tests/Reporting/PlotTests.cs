using System.Xml.Linq;
using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public sealed class PlotTests : IDisposable
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-plot").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Plot Sample()
    {
        double[] x = [0, 10, 20, 30, 40];
        return new Plot("My title", "steps", "return")
            .Band("spread", x, [0, 1, 2, 3, 4], [2, 3, 4, 5, 6])
            .Line("mean", x, [1, 2, double.NaN, 4, 5])
            .Bars("", [0, 20, 40], [1, 2])
            .HorizontalLine("threshold 5.5", 5.5);
    }

    [Fact]
    public void SvgHoldsEverySeriesTitleLabelsAndTicks()
    {
        var doc = XDocument.Parse(Sample().ToSvg());
        var texts = doc.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("My title", texts);
        Assert.Contains("steps", texts);
        Assert.Contains("return", texts);
        Assert.Contains("40", texts);                       // x ticks 0..40 by 10
        Assert.Contains("threshold 5.5", texts);            // legend
        Assert.DoesNotContain("", texts);
        string[] labels = [.. doc.Descendants().Select(e => e.Attribute("data-label")?.Value).OfType<string>()];
        Assert.Equal(2, labels.Count(l => l == "mean"));    // the NaN splits the line in two
        Assert.Single(labels, "spread");
        Assert.Single(labels, "threshold 5.5");
        Assert.Equal(2, labels.Count(l => l == ""));        // two bars, no legend entry
        var band = doc.Descendants(s_svg + "polygon").Single();
        Assert.Equal(10, band.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void PngShowsTheThresholdHalfWayBetweenTheAxisEnds()
    {
        var plot = new Plot("t", "x", "y") { Width = 400, Height = 300, Legend = LegendPosition.None };
        plot.Line("", [0, 10], [0, 10], new PlotColor(0, 0, 200));
        plot.HorizontalLine("", 5, dashed: false, width: 3);
        var png = DecodedPng.Decode(plot.ToPng());
        Assert.Equal((400, 300, 3), (png.Width, png.Height, png.Channels));
        bool Red(int x, int y) => png.Pixels[(y * 400 + x) * 3] > 200 && png.Pixels[(y * 400 + x) * 3 + 1] < 80;
        bool Frame(int x, int y) => png.Pixels[(y * 400 + x) * 3] == 90;
        int[] redRows = [.. Enumerable.Range(0, 300).Where(y => Enumerable.Range(0, 400).Count(x => Red(x, y)) > 200)];
        Assert.InRange(redRows.Length, 2, 4);
        // The frame's top and bottom edges are the rows with the most axis-grey pixels.
        int[] frameRows = [.. Enumerable.Range(0, 300).OrderByDescending(y => Enumerable.Range(0, 400).Count(x => Frame(x, y))).Take(2).Order()];
        Assert.InRange(redRows.Average(), (frameRows[0] + frameRows[1]) / 2.0 - 1, (frameRows[0] + frameRows[1]) / 2.0 + 1);
        // The diagonal from (0, 0) to (10, 10) passes a quarter of the way along, a quarter of the way up.
        int[] frameColumns = [.. Enumerable.Range(0, 400).Where(x => Frame(x, frameRows[0] + 20))];
        Assert.Equal(2, frameColumns.Length);
        int qx = frameColumns[0] + (frameColumns[1] - frameColumns[0]) / 4, qy = frameRows[1] - (frameRows[1] - frameRows[0]) / 4;
        Assert.Contains(Enumerable.Range(qy - 3, 7), y => png.Pixels[(y * 400 + qx) * 3 + 2] > 150 && png.Pixels[(y * 400 + qx) * 3] < 80);
    }

    [Fact]
    public void TitleAndLabelsPutInkWhereTheyBelong()
    {
        static int InkAt(Plot p, int x0, int y0, int x1, int y1)
        {
            var png = DecodedPng.Decode(p.ToPng());
            int n = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    if (png.Pixels[(y * png.Width + x) * 3] == 34) n++;
            return n;
        }
        var with = new Plot("Title", "x label", "y label");
        var without = new Plot();
        with.Line("", [0, 1], [0, 1]);
        without.Line("", [0, 1], [0, 1]);
        Assert.True(InkAt(with, 0, 0, 800, 45) > 100);
        Assert.Equal(0, InkAt(without, 0, 0, 800, 10));
        Assert.True(InkAt(with, 0, 100, 36, 400) > 50);                     // the vertical y label
        Assert.True(InkAt(with, 200, 470, 600, 500) > 50);                  // the x label
    }

    [Fact]
    public void SaveWritesBothFilesAtomically()
    {
        string stem = Path.Combine(_dir, "learning_curve");
        Sample().Save(stem);
        Assert.Equal(["learning_curve.png", "learning_curve.svg"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        XDocument.Parse(File.ReadAllText(stem + ".svg"));
        Assert.Equal(800, DecodedPng.Decode(File.ReadAllBytes(stem + ".png")).Width);
    }

    [Fact]
    public void MismatchedSeriesAreRejectedWithTheirLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Plot().Line("a", [1, 2], [1]));
        Assert.Contains("x has 2 values but y has 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Plot().Bars("b", [0, 1], [1, 2]));
        Assert.Throws<InvalidOperationException>(() => new Plot { Width = 50 }.ToSvg());
    }
}
