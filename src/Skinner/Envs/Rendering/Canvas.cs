namespace Skinner.Envs.Rendering;

/// <summary>
/// A small rasteriser that draws filled shapes on a <see cref="Frame"/>.
/// </summary>
/// <remarks>
/// Coordinates are continuous: pixel (i, j) covers the square [i, i+1) × [j, j+1). A pixel's coverage is
/// the fraction of its sample points that fall inside the shape; with anti-aliasing off there is one sample,
/// at the pixel centre, so a pixel is either painted or left alone. With anti-aliasing on, 4 × 4 samples per
/// pixel give 17 levels of coverage and the colour is blended linearly with what is already there.
/// <para>
/// With <c>yUp</c> the y axis points up, as in Gymnasium's pygame drawings (which are drawn y-up and then
/// flipped): drawing-space row j lands on frame row <c>Height − 1 − j</c>.
/// </para>
/// </remarks>
public sealed class Canvas
{
    private const int AntialiasSamples = 4;
    private readonly int _samples;
    private readonly bool _yUp;
    private readonly int[] _coverage;
    private double[] _crossings = new double[16];

    /// <summary>Draws on <paramref name="frame"/>.</summary>
    /// <param name="frame">The picture to draw on; drawing changes it in place.</param>
    /// <param name="yUp">True for a y axis pointing up (row 0 of the drawing space is the bottom row).</param>
    /// <param name="antialias">True to blend shape edges by their coverage (4 × 4 samples per pixel).</param>
    public Canvas(Frame frame, bool yUp = false, bool antialias = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Frame = frame;
        _yUp = yUp;
        _samples = antialias ? AntialiasSamples : 1;
        _coverage = new int[frame.Width];
    }

    /// <summary>The picture being drawn on.</summary>
    public Frame Frame { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => Frame.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Frame.Height;

    /// <summary>Paints every pixel with <paramref name="color"/>.</summary>
    public void Clear(Rgb color)
    {
        var rgb = Frame.Rgb;
        if (color.R == color.G && color.G == color.B)
        {
            Array.Fill(rgb, color.R);
            return;
        }
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = color.R;
            rgb[i + 1] = color.G;
            rgb[i + 2] = color.B;
        }
    }

    /// <summary>The colour of pixel (<paramref name="x"/>, <paramref name="y"/>) in drawing coordinates.</summary>
    public Rgb GetPixel(int x, int y)
    {
        int row = _yUp ? Height - 1 - y : y;
        int k = ((row * Width) + x) * 3;
        return new Rgb(Frame.Rgb[k], Frame.Rgb[k + 1], Frame.Rgb[k + 2]);
    }

    /// <summary>Fills the axis-aligned rectangle between corners (x0, y0) and (x1, y1).</summary>
    public void FillRectangle(double x0, double y0, double x1, double y1, Rgb color)
    {
        double left = Math.Min(x0, x1), right = Math.Max(x0, x1);
        double bottom = Math.Min(y0, y1), top = Math.Max(y0, y1);
        FillRows(bottom, top, color, (y, xs) =>
        {
            if (y < bottom || y >= top) return 0;
            xs[0] = left;
            xs[1] = right;
            return 2;
        });
    }

    /// <summary>
    /// Fills the polygon with the given vertices (any simple polygon; convex ones are the common case),
    /// by the even-odd rule.
    /// </summary>
    public void FillPolygon(ReadOnlySpan<(double X, double Y)> points, Rgb color)
    {
        if (points.Length < 3) throw new ArgumentException($"A polygon needs at least 3 points, got {points.Length}.", nameof(points));
        var pts = points.ToArray();
        if (_crossings.Length < pts.Length) _crossings = new double[pts.Length];
        double top = double.NegativeInfinity, bottom = double.PositiveInfinity;
        foreach (var (_, y) in pts)
        {
            top = Math.Max(top, y);
            bottom = Math.Min(bottom, y);
        }
        FillRows(bottom, top, color, (y, xs) => Crossings(pts, y, xs));
    }

    /// <summary>Fills the disc of radius <paramref name="radius"/> centred on (cx, cy).</summary>
    public void FillCircle(double cx, double cy, double radius, Rgb color)
    {
        if (!(radius >= 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "A circle's radius must be zero or more.");
        FillRows(cy - radius, cy + radius, color, (y, xs) =>
        {
            double d = y - cy;
            double h = (radius * radius) - (d * d);
            if (h < 0) return 0;
            double half = Math.Sqrt(h);
            xs[0] = cx - half;
            xs[1] = cx + half;
            return 2;
        });
    }

    /// <summary>Draws a straight line of the given thickness (a rectangle along the segment, flat ends).</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, double thickness, Rgb color)
    {
        if (!(thickness > 0)) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "A line's thickness must be positive.");
        double dx = x1 - x0, dy = y1 - y0;
        double len = Math.Sqrt((dx * dx) + (dy * dy));
        if (len == 0)
        {
            FillRectangle(x0 - (thickness / 2), y0 - (thickness / 2), x0 + (thickness / 2), y0 + (thickness / 2), color);
            return;
        }
        double nx = -dy / len * thickness / 2, ny = dx / len * thickness / 2;
        FillPolygon([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], color);
    }

    /// <summary>Draws a polyline through <paramref name="points"/>, each segment <paramref name="thickness"/> thick.</summary>
    public void DrawPolyline(ReadOnlySpan<(double X, double Y)> points, double thickness, Rgb color)
    {
        for (int i = 0; i + 1 < points.Length; i++)
            DrawLine(points[i].X, points[i].Y, points[i + 1].X, points[i + 1].Y, thickness, color);
    }

    // The x where the even-odd rule toggles along the horizontal line at height y, sorted.
    private static int Crossings((double X, double Y)[] pts, double y, double[] xs)
    {
        int n = 0;
        for (int i = 0, j = pts.Length - 1; i < pts.Length; j = i++)
        {
            var (xi, yi) = pts[i];
            var (xj, yj) = pts[j];
            // Half-open rule so that a vertex exactly on the line is counted once.
            if ((yi <= y) != (yj <= y)) xs[n++] = xi + ((y - yi) / (yj - yi) * (xj - xi));
        }
        Array.Sort(xs, 0, n);
        return n;
    }

    // Scan-converts a shape given, for any sample height, its inside intervals [xs[0], xs[1]), [xs[2], xs[3]), ...
    private void FillRows(double yLow, double yHigh, Rgb color, Func<double, double[], int> spans)
    {
        int s = _samples;
        // A shape with a NaN coordinate draws nothing; clamping in double keeps huge values from overflowing.
        if (double.IsNaN(yLow) || double.IsNaN(yHigh)) return;
        int rowLow = (int)Math.Max(0, Math.Floor(yLow));
        int rowHigh = (int)Math.Min(Height - 1, Math.Floor(yHigh));
        var xs = _crossings;
        for (int row = rowLow; row <= rowHigh; row++)
        {
            Array.Clear(_coverage);
            int first = Width, last = -1;
            for (int sy = 0; sy < s; sy++)
            {
                double y = row + ((sy + 0.5) / s);
                int n = spans(y, xs);
                for (int k = 0; k + 1 < n; k += 2) AddSpan(xs[k], xs[k + 1], ref first, ref last);
            }
            if (last >= first) BlendRow(row, first, last, color, s * s);
        }
    }

    // Counts the sample columns m (at x = (m + 0.5) / s) with a <= x < b into the coverage row, a pixel
    // at a time: the pixels strictly inside the span get all s columns, the two ends what they hold.
    private void AddSpan(double a, double b, ref int first, ref int last)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return;
        int s = _samples;
        double mLow = Math.Max(Math.Ceiling((a * s) - 0.5), 0);
        double mHigh = Math.Min(Math.Ceiling((b * s) - 0.5) - 1, ((double)Width * s) - 1);
        if (mHigh < mLow) return;
        int lo = (int)mLow, hi = (int)mHigh;
        int pLow = lo / s, pHigh = hi / s;
        if (pLow == pHigh)
        {
            _coverage[pLow] += hi - lo + 1;
        }
        else
        {
            _coverage[pLow] += s - (lo - (pLow * s));
            for (int p = pLow + 1; p < pHigh; p++) _coverage[p] += s;
            _coverage[pHigh] += hi - (pHigh * s) + 1;
        }
        first = Math.Min(first, pLow);
        last = Math.Max(last, pHigh);
    }

    private void BlendRow(int row, int first, int last, Rgb color, int full)
    {
        int frameRow = _yUp ? Height - 1 - row : row;
        var rgb = Frame.Rgb;
        for (int x = first; x <= last; x++)
        {
            int c = _coverage[x];
            if (c == 0) continue;
            int k = ((frameRow * Width) + x) * 3;
            if (c >= full)
            {
                rgb[k] = color.R;
                rgb[k + 1] = color.G;
                rgb[k + 2] = color.B;
                continue;
            }
            rgb[k] = Mix(rgb[k], color.R, c, full);
            rgb[k + 1] = Mix(rgb[k + 1], color.G, c, full);
            rgb[k + 2] = Mix(rgb[k + 2], color.B, c, full);
        }
    }

    private static byte Mix(byte under, byte over, int c, int full) =>
        (byte)((((under * (full - c)) + (over * c)) + (full / 2)) / full);
}
