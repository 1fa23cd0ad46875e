namespace Skinner.Reporting.Plots;

/// <summary>Where a text's anchor point sits along the text.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>The three sizes of text on a plot.</summary>
internal enum TextStyle
{
    Tick,
    Label,
    Title,
}

/// <summary>
/// The drawing operations a plot needs, in pixel coordinates (origin top left, y down), implemented once for
/// SVG and once for the rasteriser, so that both files show the same plot. <c>label</c> names the series an
/// element belongs to (SVG keeps it as an attribute).
/// </summary>
internal interface IPlotCanvas
{
    void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double width, bool dashed, string? label);

    void Polygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double opacity, string? label);

    void Rectangle(double x, double y, double width, double height, PlotColor color, double opacity, string? label);

    /// <summary>Text centred vertically on <paramref name="y"/> (on <paramref name="x"/> when vertical, reading upwards).</summary>
    void Text(double x, double y, string text, TextStyle style, TextAnchor anchor, bool vertical = false);
}

/// <summary>Text sizes shared by both canvases, so that layout computed once fits both.</summary>
internal static class TextMetrics
{
    /// <summary>Bitmap font scale: 14-pixel-high tick and axis labels, a 21-pixel title.</summary>
    public static int Scale(TextStyle style) => style == TextStyle.Title ? 3 : 2;

    /// <summary>Width of the text as the bitmap font draws it; SVG's proportional font is narrower.</summary>
    public static double Width(string text, TextStyle style) => BitmapFont.Width(text, Scale(style));

    /// <summary>Height of a line of text.</summary>
    public static double Height(TextStyle style) => BitmapFont.GlyphHeight * Scale(style);
}
