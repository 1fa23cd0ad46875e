namespace Skinner.Reporting.Plots;

/// <summary>
/// Draws into an RGB image. Shapes are filled at three times the resolution in each direction and averaged
/// down, which smooths their edges; text is drawn afterwards at full resolution with the bitmap font so that
/// it stays crisp. Each shape is first marked in a coverage mask and then blended once, so that a
/// translucent band or a polyline's overlapping joints are not darkened twice.
/// </summary>
internal sealed class RasterCanvas : IPlotCanvas
{
    private const int S = 3;

    private readonly int _width, _height, _sw, _sh;
    private readonly byte[] _hi;
    private readonly byte[] _mask;
    private readonly List<(double X, double Y, string Text, TextStyle Style, TextAnchor Anchor, bool Vertical)> _texts = [];
    private readonly List<double> _crossings = [];
    private int _x0, _y0, _x1, _y1;   // the mask's dirty rectangle, inclusive

    public RasterCanvas(int width, int height, PlotColor background)
    {
        (_width, _height, _sw, _sh) = (width, height, width * S, height * S);
        _hi = new byte[_sw * _sh * 3];
        for (int i = 0; i < _hi.Length; i += 3) (_hi[i], _hi[i + 1], _hi[i + 2]) = (background.R, background.G, background.B);
        _mask = new byte[_sw * _sh];
        ResetDirty();
    }

    public void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double width, bool dashed, string? label)
    {
        double half = Math.Max(width * S / 2, 0.5);
        if (dashed)
        {
            foreach (var (dx, dy) in Dashes(xs, ys, 8, 5)) Stroke(dx, dy, half);
        }
        else Stroke(xs, ys, half);
        Composite(color, 1);
    }

    public void Polygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, PlotColor color, double opacity, string? label)
    {
        var px = new double[xs.Length];
        var py = new double[ys.Length];
        for (int i = 0; i < xs.Length; i++) (px[i], py[i]) = (xs[i] * S, ys[i] * S);
        FillPolygon(px, py);
        Composite(color, opacity);
    }

    public void Rectangle(double x, double y, double width, double height, PlotColor color, double opacity, string? label)
    {
        double[] px = [x * S, (x + width) * S, (x + width) * S, x * S];
        double[] py = [y * S, y * S, (y + height) * S, (y + height) * S];
        FillPolygon(px, py);
        Composite(color, opacity);
    }

    public void Text(double x, double y, string text, TextStyle style, TextAnchor anchor, bool vertical = false) =>
        _texts.Add((x, y, text, style, anchor, vertical));

    /// <summary>The finished image, RGB, row-major.</summary>
    public byte[] ToRgb()
    {
        var rgb = new byte[_width * _height * 3];
        for (int y = 0; y < _height; y++)
            for (int x = 0; x < _width; x++)
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    for (int j = 0; j < S; j++)
                        for (int i = 0; i < S; i++) sum += _hi[((y * S + j) * _sw + x * S + i) * 3 + c];
                    rgb[(y * _width + x) * 3 + c] = (byte)((sum + S * S / 2) / (S * S));
                }
        foreach (var t in _texts) DrawText(rgb, t.X, t.Y, t.Text, t.Style, t.Anchor, t.Vertical);
        return rgb;
    }

    private void DrawText(byte[] rgb, double x, double y, string text, TextStyle style, TextAnchor anchor, bool vertical)
    {
        int scale = TextMetrics.Scale(style);
        int w = BitmapFont.Width(text, scale), h = BitmapFont.GlyphHeight * scale;
        double shift = anchor switch { TextAnchor.Start => 0, TextAnchor.Middle => w / 2.0, _ => w };
        var ink = new PlotColor(34, 34, 34);
        if (vertical)
            BitmapFont.Draw(rgb, _width, _height, (int)Math.Round(x - h / 2.0), (int)Math.Round(y + shift), text, scale, ink, true);
        else
        {
            BitmapFont.Draw(rgb, _width, _height, (int)Math.Round(x - shift), (int)Math.Round(y - h / 2.0), text, scale, ink, false);
            // The title is bold: the same ink again one pixel to the right.
            if (style == TextStyle.Title) BitmapFont.Draw(rgb, _width, _height, (int)Math.Round(x - shift) + 1, (int)Math.Round(y - h / 2.0), text, scale, ink, false);
        }
    }

    /// <summary>A thick polyline: a quadrilateral per segment and a disc at every vertex (round joins and caps).</summary>
    private void Stroke(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double half)
    {
        Span<double> qx = stackalloc double[4], qy = stackalloc double[4];
        for (int i = 0; i < xs.Length; i++)
        {
            double x1 = xs[i] * S, y1 = ys[i] * S;
            Disc(x1, y1, half);
            if (i == 0) continue;
            double x0 = xs[i - 1] * S, y0 = ys[i - 1] * S;
            double len = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
            if (len < 1e-9) continue;
            double nx = -(y1 - y0) / len * half, ny = (x1 - x0) / len * half;
            (qx[0], qy[0], qx[1], qy[1]) = (x0 + nx, y0 + ny, x1 + nx, y1 + ny);
            (qx[2], qy[2], qx[3], qy[3]) = (x1 - nx, y1 - ny, x0 - nx, y0 - ny);
            FillPolygon(qx, qy);
        }
    }

    /// <summary>Marks the pixels whose centres lie inside the polygon (even-odd rule), one scanline at a time.</summary>
    private void FillPolygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        double minY = double.MaxValue, maxY = double.MinValue;
        foreach (double y in ys) (minY, maxY) = (Math.Min(minY, y), Math.Max(maxY, y));
        int rowStart = Math.Max(0, (int)Math.Ceiling(minY - 0.5)), rowEnd = Math.Min(_sh - 1, (int)Math.Floor(maxY - 0.5));
        for (int row = rowStart; row <= rowEnd; row++)
        {
            double yc = row + 0.5;
            _crossings.Clear();
            for (int i = 0, j = xs.Length - 1; i < xs.Length; j = i++)
            {
                if ((ys[i] <= yc) == (ys[j] <= yc)) continue;
                _crossings.Add(xs[i] + (yc - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]));
            }
            _crossings.Sort();
            for (int k = 0; k + 1 < _crossings.Count; k += 2)
                Span(row, (int)Math.Ceiling(_crossings[k] - 0.5), (int)Math.Ceiling(_crossings[k + 1] - 0.5) - 1);
        }
    }

    private void Disc(double cx, double cy, double r)
    {
        int rowStart = Math.Max(0, (int)Math.Ceiling(cy - r - 0.5)), rowEnd = Math.Min(_sh - 1, (int)Math.Floor(cy + r - 0.5));
        for (int row = rowStart; row <= rowEnd; row++)
        {
            double dy = row + 0.5 - cy;
            double dx = Math.Sqrt(Math.Max(0, r * r - dy * dy));
            Span(row, (int)Math.Ceiling(cx - dx - 0.5), (int)Math.Floor(cx + dx - 0.5));
        }
    }

    private void Span(int row, int from, int to)
    {
        from = Math.Max(from, 0);
        to = Math.Min(to, _sw - 1);
        if (from > to) return;
        _mask.AsSpan(row * _sw + from, to - from + 1).Fill(1);
        (_x0, _y0, _x1, _y1) = (Math.Min(_x0, from), Math.Min(_y0, row), Math.Max(_x1, to), Math.Max(_y1, row));
    }

    private void Composite(PlotColor color, double opacity)
    {
        int a = (int)Math.Round(Math.Clamp(opacity, 0, 1) * 256);
        for (int y = _y0; y <= _y1; y++)
            for (int x = _x0; x <= _x1; x++)
            {
                int m = y * _sw + x;
                if (_mask[m] == 0) continue;
                _mask[m] = 0;
                int i = m * 3;
                _hi[i] = (byte)(_hi[i] + (((color.R - _hi[i]) * a) >> 8));
                _hi[i + 1] = (byte)(_hi[i + 1] + (((color.G - _hi[i + 1]) * a) >> 8));
                _hi[i + 2] = (byte)(_hi[i + 2] + (((color.B - _hi[i + 2]) * a) >> 8));
            }
        ResetDirty();
    }

    private void ResetDirty() => (_x0, _y0, _x1, _y1) = (int.MaxValue, int.MaxValue, -1, -1);

    /// <summary>Cuts a polyline into dashes of <paramref name="on"/> pixels separated by <paramref name="off"/>.</summary>
    internal static List<(double[] Xs, double[] Ys)> Dashes(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double on, double off)
    {
        var dashes = new List<(double[], double[])>();
        var cx = new List<double>();
        var cy = new List<double>();
        bool drawing = true;
        double left = on;
        if (xs.Length > 0) { cx.Add(xs[0]); cy.Add(ys[0]); }
        for (int i = 1; i < xs.Length; i++)
        {
            double x = xs[i - 1], y = ys[i - 1];
            double dx = xs[i] - x, dy = ys[i] - y, len = Math.Sqrt(dx * dx + dy * dy), done = 0;
            while (len - done > left)
            {
                done += left;
                double px = x + dx * done / len, py = y + dy * done / len;
                if (drawing)
                {
                    cx.Add(px);
                    cy.Add(py);
                    dashes.Add(([.. cx], [.. cy]));
                }
                cx.Clear();
                cy.Clear();
                drawing = !drawing;
                if (drawing) { cx.Add(px); cy.Add(py); }
                left = drawing ? on : off;
            }
            left -= len - done;
            if (drawing) { cx.Add(xs[i]); cy.Add(ys[i]); }
        }
        if (drawing && cx.Count > 1) dashes.Add(([.. cx], [.. cy]));
        return dashes;
    }
}
