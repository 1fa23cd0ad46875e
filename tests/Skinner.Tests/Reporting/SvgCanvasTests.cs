using System.Xml.Linq;
using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public class SvgCanvasTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void ElementsAreWellFormedAndEscaped()
    {
        var c = new SvgCanvas(100, 50, PlotColor.White);
        c.Polyline([1, 2.345], [3, 4], new PlotColor(1, 2, 3), 2, true, "a<b>&\"c\"");
        c.Polygon([0, 1, 1], [0, 0, 1], PlotColor.Red, 0.25, null);
        c.Rectangle(1, 2, 3, 4, PlotColor.Black, 1, "bars");
        c.Text(10, 20, "x < y & z", TextStyle.Title, TextAnchor.End, vertical: true);
        var doc = XDocument.Parse(c.ToString());
        Assert.Equal("100", doc.Root!.Attribute("width")!.Value);
        var line = doc.Root.Element(s_svg + "polyline")!;
        Assert.Equal("a<b>&\"c\"", line.Attribute("data-label")!.Value);
        Assert.Equal("1,3 2.35,4", line.Attribute("points")!.Value);
        Assert.Equal("#010203", line.Attribute("stroke")!.Value);
        Assert.NotNull(line.Attribute("stroke-dasharray"));
        Assert.Equal("0.25", doc.Root.Element(s_svg + "polygon")!.Attribute("fill-opacity")!.Value);
        var text = doc.Root.Element(s_svg + "text")!;
        Assert.Equal("x < y & z", text.Value);
        Assert.Equal("end", text.Attribute("text-anchor")!.Value);
        Assert.Equal("rotate(-90 10 20)", text.Attribute("transform")!.Value);
    }
}
