namespace Skinner.Reporting.Plots;

/// <summary>Where the legend goes inside the plot area.</summary>
public enum LegendPosition
{
    /// <summary>The corner that hides the fewest data points.</summary>
    Auto,

    /// <summary>Top left.</summary>
    TopLeft,

    /// <summary>Top right.</summary>
    TopRight,

    /// <summary>Bottom left.</summary>
    BottomLeft,

    /// <summary>Bottom right.</summary>
    BottomRight,

    /// <summary>No legend.</summary>
    None,
}

/// <summary>
/// A 2-D chart: lines, shaded bands, bars, horizontal and vertical reference lines, with axes at round-number
/// ticks, grid, axis labels, title and legend. The same drawing goes to SVG (<see cref="ToSvg"/>) and to PNG
/// (<see cref="ToPng"/>, through a small rasteriser and a built-in bitmap font). Elements are drawn in the
/// order they are added; give a label to put an element in the legend.
/// </summary>
public sealed class Plot
{
    private readonly List<Element> _elements = [];
    private int _colors;

    /// <summary>An empty plot.</summary>
    public Plot(string title = "", string xLabel = "", string yLabel = "")
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>Title above the plot.</summary>
    public string Title { get; set; }

    /// <summary>Label under the x axis.</summary>
    public string XLabel { get; set; }

    /// <summary>Label left of the y axis, reading upwards.</summary>
    public string YLabel { get; set; }

    /// <summary>Image width in pixels (at least 200).</summary>
    public int Width { get; set; } = 800;

    /// <summary>Image height in pixels (at least 150).</summary>
    public int Height { get; set; } = 500;

    /// <summary>Where the legend goes.</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    /// <summary>Adds a line through the points (x[i], y[i]); a non-finite y breaks the line.</summary>
    public Plot Line(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, PlotColor? color = null, double width = 2, bool dashed = false)
    {
        CheckLengths(x, y, nameof(y));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        _elements.Add(new LineElement(label, color ?? NextColor(), [.. x], [.. y], width, dashed));
        return this;
    }

    /// <summary>Adds a shaded band between <paramref name="lower"/> and <paramref name="upper"/>, e.g. mean ± standard
    /// deviation across seeds.</summary>
    public Plot Band(string label, IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, PlotColor? color = null, double opacity = 0.2)
    {
        CheckLengths(x, lower, nameof(lower));
        CheckLengths(x, upper, nameof(upper));
        _elements.Add(new BandElement(label, color ?? NextColor(), [.. x], [.. lower], [.. upper], Math.Clamp(opacity, 0, 1)));
        return this;
    }

    /// <summary>Adds bars between consecutive <paramref name="edges"/> with the given heights (a histogram).</summary>
    public Plot Bars(string label, IReadOnlyList<double> edges, IReadOnlyList<double> heights, PlotColor? color = null)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(heights);
        if (edges.Count != heights.Count + 1)
            throw new ArgumentException($"Bars need one more edge than heights; got {edges.Count} edges and {heights.Count} heights.", nameof(edges));
        _elements.Add(new BarsElement(label, color ?? NextColor(), [.. edges], [.. heights]));
        return this;
    }

    /// <summary>Adds a horizontal line across the plot at <paramref name="y"/>, e.g. a reward threshold.</summary>
    public Plot HorizontalLine(string label, double y, PlotColor? color = null, bool dashed = true, double width = 1.5)
    {
        if (!double.IsFinite(y)) throw new ArgumentOutOfRangeException(nameof(y), y, "A reference line needs a finite position.");
        _elements.Add(new RuleElement(label, color ?? PlotColor.Red, y, Horizontal: true, dashed, width));
        return this;
    }

    /// <summary>Adds a vertical line across the plot at <paramref name="x"/>.</summary>
    public Plot VerticalLine(string label, double x, PlotColor? color = null, bool dashed = true, double width = 1.5)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "A reference line needs a finite position.");
        _elements.Add(new RuleElement(label, color ?? PlotColor.Red, x, Horizontal: false, dashed, width));
        return this;
    }

    /// <summary>The plot as an SVG document.</summary>
    public string ToSvg()
    {
        var canvas = new SvgCanvas(Width, Height, PlotColor.White);
        Draw(canvas);
        return canvas.ToString();
    }

    /// <summary>The plot as RGB pixels, <see cref="Height"/> × <see cref="Width"/> × 3.</summary>
    public byte[] ToRgb()
    {
        var canvas = new RasterCanvas(Width, Height, PlotColor.White);
        Draw(canvas);
        return canvas.ToRgb();
    }

    /// <summary>The plot as a PNG file.</summary>
    public byte[] ToPng() => Images.PngEncoder.Encode(ToRgb(), Width, Height, Images.PngColorType.Rgb);

    /// <summary>Writes the SVG atomically.</summary>
    public void SaveSvg(string path) => AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>Writes the PNG atomically.</summary>
    public void SavePng(string path) => AtomicFile.WriteAllBytes(path, ToPng());

    /// <summary>Writes <paramref name="pathWithoutExtension"/>.svg and .png.</summary>
    public void Save(string pathWithoutExtension)
    {
        SaveSvg(pathWithoutExtension + ".svg");
        SavePng(pathWithoutExtension + ".png");
    }

    private PlotColor NextColor() => PlotColor.Series(_colors++);

    private static void CheckLengths(IReadOnlyList<double> x, IReadOnlyList<double> y, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y, name);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but {name} has {y.Count}; they must match.", name);
    }

    private void Draw(IPlotCanvas canvas)
    {
        if (Width < 200 || Height < 150) throw new InvalidOperationException($"A plot needs at least 200x150 pixels; this one is {Width}x{Height}.");
        new PlotLayout(this, _elements).Draw(canvas);
    }

    internal abstract record Element(string Label, PlotColor Color);

    internal sealed record LineElement(string Label, PlotColor Color, double[] X, double[] Y, double Width, bool Dashed) : Element(Label, Color);

    internal sealed record BandElement(string Label, PlotColor Color, double[] X, double[] Lower, double[] Upper, double Opacity) : Element(Label, Color);

    internal sealed record BarsElement(string Label, PlotColor Color, double[] Edges, double[] Heights) : Element(Label, Color);

    internal sealed record RuleElement(string Label, PlotColor Color, double At, bool Horizontal, bool Dashed, double Width) : Element(Label, Color);
}
