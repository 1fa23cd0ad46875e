using System.Globalization;
using System.Security;
using System.Text;

namespace Skinner.Reporting.Plots;

/// <summary>Draws into an SVG document.</summary>
internal sealed class SvgCanvas : IPlotCanvas
{
    private readonly StringBuilder _svg = new();

    public SvgCanvas(int width, int height, PlotColor background)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        _svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"{background.Hex}\"/>\n");
    }

    public void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double width, bool dashed, string? label)
    {
        _svg.Append("<polyline").Append(Label(label)).Append(" fill=\"none\" stroke=\"").Append(color.Hex)
            .Append("\" stroke-width=\"").Append(N(width)).Append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        if (dashed) _svg.Append(" stroke-dasharray=\"8 5\"");
        Points(xs, ys);
    }

    public void Polygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double opacity, string? label)
    {
        _svg.Append("<polygon").Append(Label(label)).Append(" fill=\"").Append(color.Hex).Append("\" fill-opacity=\"")
            .Append(N(opacity)).Append("\" stroke=\"none\"");
        Points(xs, ys);
    }

    public void Rectangle(double x, double y, double width, double height, PlotColor color, double opacity, string? label)
    {
        _svg.Append("<rect").Append(Label(label)).Append(" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height)).Append("\" fill=\"").Append(color.Hex)
            .Append("\" fill-opacity=\"").Append(N(opacity)).Append("\"/>\n");
    }

    public void Text(double x, double y, string text, TextStyle style, TextAnchor anchor, bool vertical = false)
    {
        string size = style switch { TextStyle.Title => "20", TextStyle.Label => "15", _ => "13" };
        string align = anchor switch { TextAnchor.Start => "start", TextAnchor.End => "end", _ => "middle" };
        _svg.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" font-family=\"sans-serif\" font-size=\"")
            .Append(size).Append("\" text-anchor=\"").Append(align).Append("\" dominant-baseline=\"central\" fill=\"#222222\"");
        if (style == TextStyle.Title) _svg.Append(" font-weight=\"bold\"");
        if (vertical) _svg.Append(" transform=\"rotate(-90 ").Append(N(x)).Append(' ').Append(N(y)).Append(")\"");
        _svg.Append('>').Append(SecurityElement.Escape(text)).Append("</text>\n");
    }

    public override string ToString() => _svg + "</svg>\n";

    private void Points(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        _svg.Append(" points=\"");
        for (int i = 0; i < xs.Length; i++)
        {
            if (i > 0) _svg.Append(' ');
            _svg.Append(N(xs[i])).Append(',').Append(N(ys[i]));
        }
        _svg.Append("\"/>\n");
    }

    private static string Label(string? label) => label is null ? "" : $" data-label=\"{SecurityElement.Escape(label)}\"";

    private static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
