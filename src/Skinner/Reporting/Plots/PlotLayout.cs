using static Skinner.Reporting.Plots.Plot;

namespace Skinner.Reporting.Plots;

/// <summary>Turns a <see cref="Plot"/>'s elements into drawing calls: data ranges, ticks, margins, then grid,
/// data, frame, labels and legend, in that order.</summary>
internal sealed class PlotLayout
{
    private static readonly PlotColor s_grid = new(228, 228, 228);
    private static readonly PlotColor s_axis = new(90, 90, 90);

    private readonly Plot _plot;
    private readonly IReadOnlyList<Element> _elements;
    private readonly NiceTicks _xTicks, _yTicks;
    private readonly double _left, _right, _top, _bottom;

    public PlotLayout(Plot plot, IReadOnlyList<Element> elements)
    {
        _plot = plot;
        _elements = elements;
        (_xTicks, _yTicks) = Ticks();
        double tickWidth = _yTicks.Values.Max(v => TextMetrics.Width(_yTicks.Format(v), TextStyle.Tick));
        double labelBand = _plot.YLabel.Length > 0 ? TextMetrics.Height(TextStyle.Label) + 14 : 0;
        _left = Math.Round(16 + labelBand + tickWidth + 10) + 0.5;
        _right = Math.Round(_plot.Width - 24.0 - TextMetrics.Width(_xTicks.Format(_xTicks.Max), TextStyle.Tick) / 2) + 0.5;
        _top = Math.Round(_plot.Title.Length > 0 ? 24 + TextMetrics.Height(TextStyle.Title) + 12 : 20.0) + 0.5;
        double xLabelBand = _plot.XLabel.Length > 0 ? TextMetrics.Height(TextStyle.Label) + 12 : 0;
        _bottom = Math.Round(_plot.Height - 14 - xLabelBand - TextMetrics.Height(TextStyle.Tick) - 10) + 0.5;
    }

    public void Draw(IPlotCanvas canvas)
    {
        DrawGrid(canvas);
        foreach (var e in _elements) DrawElement(canvas, e);
        DrawFrame(canvas);
        DrawText(canvas);
        DrawLegend(canvas);
    }

    private double X(double v) => _left + (v - _xTicks.Min) / (_xTicks.Max - _xTicks.Min) * (_right - _left);

    private double Y(double v) => _bottom - (v - _yTicks.Min) / (_yTicks.Max - _yTicks.Min) * (_bottom - _top);

    private (NiceTicks X, NiceTicks Y) Ticks()
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var e in _elements)
        {
            switch (e)
            {
                case LineElement l:
                    for (int i = 0; i < l.X.Length; i++)
                        if (double.IsFinite(l.X[i]) && double.IsFinite(l.Y[i])) { xs.Add(l.X[i]); ys.Add(l.Y[i]); }
                    break;
                case BandElement b:
                    for (int i = 0; i < b.X.Length; i++)
                        if (double.IsFinite(b.X[i]) && double.IsFinite(b.Lower[i]) && double.IsFinite(b.Upper[i]))
                        {
                            xs.Add(b.X[i]);
                            ys.Add(b.Lower[i]);
                            ys.Add(b.Upper[i]);
                        }
                    break;
                case BarsElement bars:
                    xs.AddRange(bars.Edges.Where(double.IsFinite));
                    ys.AddRange(bars.Heights.Where(double.IsFinite));
                    ys.Add(0);   // bars stand on zero
                    break;
                case RuleElement r:
                    (r.Horizontal ? ys : xs).Add(r.At);
                    break;
            }
        }
        if (xs.Count == 0) xs.AddRange([0, 1]);
        if (ys.Count == 0) ys.AddRange([0, 1]);
        return (NiceTicks.For(xs.Min(), xs.Max(), Math.Max(3, (int)(_plot.Width / 110))),
                NiceTicks.For(ys.Min(), ys.Max(), Math.Max(3, (int)(_plot.Height / 80))));
    }

    private void DrawGrid(IPlotCanvas canvas)
    {
        foreach (double v in _xTicks.Values)
        {
            double x = Math.Round(X(v) - 0.5) + 0.5;
            canvas.Polyline([x, x], [_top, _bottom], s_grid, 1, false, null);
        }
        foreach (double v in _yTicks.Values)
        {
            double y = Math.Round(Y(v) - 0.5) + 0.5;
            canvas.Polyline([_left, _right], [y, y], s_grid, 1, false, null);
        }
    }

    private void DrawElement(IPlotCanvas canvas, Element e)
    {
        switch (e)
        {
            case LineElement l:
                foreach (var (from, to) in FiniteRuns(l.X, l.Y))
                {
                    double[] px = [.. l.X[from..to].Select(X)], py = [.. l.Y[from..to].Select(Y)];
                    canvas.Polyline(px, py, l.Color, l.Width, l.Dashed, l.Label);
                }
                break;
            case BandElement b:
                foreach (var (from, to) in FiniteRuns(b.X, b.Lower, b.Upper))
                {
                    int n = to - from;
                    var px = new double[2 * n];
                    var py = new double[2 * n];
                    for (int i = 0; i < n; i++)
                    {
                        (px[i], py[i]) = (X(b.X[from + i]), Y(b.Upper[from + i]));
                        (px[2 * n - 1 - i], py[2 * n - 1 - i]) = (X(b.X[from + i]), Y(b.Lower[from + i]));
                    }
                    canvas.Polygon(px, py, b.Color, b.Opacity, b.Label);
                }
                break;
            case BarsElement bars:
                for (int i = 0; i < bars.Heights.Length; i++)
                {
                    if (!double.IsFinite(bars.Heights[i]) || bars.Heights[i] == 0) continue;
                    double x0 = X(bars.Edges[i]), x1 = X(bars.Edges[i + 1]), y0 = Y(0), y1 = Y(bars.Heights[i]);
                    // A one-pixel gap between bars keeps them apart.
                    canvas.Rectangle(x0 + 0.5, Math.Min(y0, y1), Math.Max(0.5, x1 - x0 - 1), Math.Abs(y0 - y1), bars.Color, 0.85, bars.Label);
                }
                break;
            case RuleElement r:
                if (r.Horizontal) canvas.Polyline([_left, _right], [Y(r.At), Y(r.At)], r.Color, r.Width, r.Dashed, r.Label);
                else canvas.Polyline([X(r.At), X(r.At)], [_top, _bottom], r.Color, r.Width, r.Dashed, r.Label);
                break;
        }
    }

    /// <summary>Index ranges [from, to) where every given series is finite: gaps break lines and bands.</summary>
    private static IEnumerable<(int From, int To)> FiniteRuns(double[] x, params double[][] ys)
    {
        int start = -1;
        for (int i = 0; i <= x.Length; i++)
        {
            bool ok = i < x.Length && double.IsFinite(x[i]) && ys.All(y => double.IsFinite(y[i]));
            if (ok && start < 0) start = i;
            else if (!ok && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }
    }

    private void DrawFrame(IPlotCanvas canvas)
    {
        canvas.Polyline([_left, _right, _right, _left, _left], [_top, _top, _bottom, _bottom, _top], s_axis, 1, false, null);
        foreach (double v in _xTicks.Values)
        {
            double x = Math.Round(X(v) - 0.5) + 0.5;
            canvas.Polyline([x, x], [_bottom, _bottom + 5], s_axis, 1, false, null);
        }
        foreach (double v in _yTicks.Values)
        {
            double y = Math.Round(Y(v) - 0.5) + 0.5;
            canvas.Polyline([_left - 5, _left], [y, y], s_axis, 1, false, null);
        }
    }

    private void DrawText(IPlotCanvas canvas)
    {
        double tickHeight = TextMetrics.Height(TextStyle.Tick);
        foreach (double v in _xTicks.Values)
            canvas.Text(X(v), _bottom + 9 + tickHeight / 2, _xTicks.Format(v), TextStyle.Tick, TextAnchor.Middle);
        foreach (double v in _yTicks.Values)
            canvas.Text(_left - 9, Y(v), _yTicks.Format(v), TextStyle.Tick, TextAnchor.End);
        if (_plot.Title.Length > 0)
        {
            // A title too long for the large font drops to the label size rather than run off the image.
            var style = TextMetrics.Width(_plot.Title, TextStyle.Title) <= _plot.Width - 80 ? TextStyle.Title : TextStyle.Label;
            canvas.Text(_plot.Width / 2.0, 24 + TextMetrics.Height(TextStyle.Title) / 2, _plot.Title, style, TextAnchor.Middle);
        }
        if (_plot.XLabel.Length > 0)
            canvas.Text((_left + _right) / 2, _plot.Height - 14 - TextMetrics.Height(TextStyle.Label) / 2, _plot.XLabel, TextStyle.Label, TextAnchor.Middle);
        if (_plot.YLabel.Length > 0)
            canvas.Text(16 + TextMetrics.Height(TextStyle.Label) / 2, (_top + _bottom) / 2, _plot.YLabel, TextStyle.Label, TextAnchor.Middle, vertical: true);
    }

    private void DrawLegend(IPlotCanvas canvas)
    {
        var entries = _elements.Where(e => e.Label.Length > 0).ToList();
        if (entries.Count == 0 || _plot.Legend == LegendPosition.None) return;
        const double Row = 22, Swatch = 26, Pad = 8;
        double w = Pad + Swatch + 8 + entries.Max(e => TextMetrics.Width(e.Label, TextStyle.Tick)) + Pad;
        double h = Pad + entries.Count * Row - (Row - TextMetrics.Height(TextStyle.Tick)) + Pad;
        var (x, y) = LegendCorner(w, h);
        canvas.Rectangle(x, y, w, h, PlotColor.White, 0.9, null);
        canvas.Polyline([x, x + w, x + w, x, x], [y, y, y + h, y + h, y], s_grid, 1, false, null);
        for (int i = 0; i < entries.Count; i++)
        {
            double cy = y + Pad + TextMetrics.Height(TextStyle.Tick) / 2 + i * Row;
            double sx = x + Pad;
            switch (entries[i])
            {
                case LineElement l: canvas.Polyline([sx, sx + Swatch], [cy, cy], l.Color, Math.Max(l.Width, 2), l.Dashed, null); break;
                case RuleElement r: canvas.Polyline([sx, sx + Swatch], [cy, cy], r.Color, Math.Max(r.Width, 2), r.Dashed, null); break;
                case BandElement b: canvas.Rectangle(sx, cy - 7, Swatch, 14, b.Color, Math.Max(b.Opacity, 0.35), null); break;
                case BarsElement bars: canvas.Rectangle(sx, cy - 7, Swatch, 14, bars.Color, 0.85, null); break;
            }
            canvas.Text(sx + Swatch + 8, cy, entries[i].Label, TextStyle.Tick, TextAnchor.Start);
        }
    }

    private (double X, double Y) LegendCorner(double w, double h)
    {
        const double Inset = 10;
        (double, double) At(LegendPosition p) => p switch
        {
            LegendPosition.TopRight => (_right - Inset - w, _top + Inset),
            LegendPosition.BottomLeft => (_left + Inset, _bottom - Inset - h),
            LegendPosition.BottomRight => (_right - Inset - w, _bottom - Inset - h),
            _ => (_left + Inset, _top + Inset),
        };
        if (_plot.Legend != LegendPosition.Auto) return At(_plot.Legend);
        // The corner whose box covers the fewest drawn points; ties go in reading order (top left first).
        LegendPosition[] corners = [LegendPosition.TopLeft, LegendPosition.TopRight, LegendPosition.BottomLeft, LegendPosition.BottomRight];
        return At(corners.MinBy(c => CoveredPoints(At(c), w, h)));
    }

    private int CoveredPoints((double X, double Y) corner, double w, double h)
    {
        int count = 0;
        bool Inside(double px, double py) => px >= corner.X && px <= corner.X + w && py >= corner.Y && py <= corner.Y + h;
        foreach (var e in _elements)
        {
            switch (e)
            {
                case LineElement l:
                    for (int i = 0; i < l.X.Length; i++) if (Inside(X(l.X[i]), Y(l.Y[i]))) count++;
                    break;
                case BandElement b:
                    for (int i = 0; i < b.X.Length; i++) if (Inside(X(b.X[i]), Y(b.Upper[i])) || Inside(X(b.X[i]), Y(b.Lower[i]))) count++;
                    break;
                case BarsElement bars:
                    // Bars fill from zero to their height: sample their tops and middles, weighted heavily.
                    for (int i = 0; i < bars.Heights.Length; i++)
                    {
                        double cx = X((bars.Edges[i] + bars.Edges[i + 1]) / 2);
                        if (Inside(cx, Y(bars.Heights[i])) || Inside(cx, Y(bars.Heights[i] / 2))) count += 20;
                    }
                    break;
            }
        }
        return count;
    }
}
