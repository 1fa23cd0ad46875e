using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Gymnasium's Pendulum picture (specs/environments.md §3.4): 500 × 500, white, a red rod from the centre,
/// a black axle. Gymnasium shows the torque with a bitmap of a curved arrow; we draw a curved arrow of the
/// same size and direction instead (an arc with a head), since the bitmap is not ours to ship.
/// </summary>
internal static class PendulumRenderer
{
    public const int Size = 500;
    public const double Bound = 2.2, Scale = Size / (Bound * 2), Offset = Size / 2;
    public static readonly Rgb RodColor = new(204, 77, 77);

    public static Frame Draw(double theta, float? torque)
    {
        var frame = new Frame(Size, Size);
        var canvas = new Canvas(frame, yUp: true, antialias: true);
        canvas.Clear(Rgb.White);
        double rodLength = 1 * Scale, rodWidth = 0.2 * Scale;
        double angle = theta + (Math.PI / 2);
        double c = Math.Cos(angle), s = Math.Sin(angle);
        (double, double) Rotate(double px, double py) => (((px * c) - (py * s)) + Offset, ((px * s) + (py * c)) + Offset);
        double l = 0, r = rodLength, t = rodWidth / 2, b = -rodWidth / 2;
        canvas.FillPolygon([Rotate(l, b), Rotate(l, t), Rotate(r, t), Rotate(r, b)], RodColor);
        int radius = (int)(rodWidth / 2);
        canvas.FillCircle(Offset + 0.5, Offset + 0.5, radius, RodColor);
        var (endX, endY) = Rotate(rodLength, 0);
        canvas.FillCircle((int)endX + 0.5, (int)endY + 0.5, radius, RodColor);
        if (torque is float u && u != 0) DrawTorqueArrow(canvas, Scale * Math.Abs(u) / 2, u);
        canvas.FillCircle(Offset + 0.5, Offset + 0.5, (int)(0.05 * Scale), Rgb.Black);
        return frame;
    }

    // A three-quarter arc inside a square of side `size` centred on the pivot, its head showing the sense of
    // the torque: a positive torque turns counter-clockwise (θ grows).
    private static void DrawTorqueArrow(Canvas canvas, double size, float u)
    {
        double radius = size * 0.38, thickness = Math.Max(1, size * 0.08);
        const int segments = 24;
        double start = Math.PI * 0.75, sweep = Math.PI * 1.5 * Math.Sign(u);
        var points = new (double X, double Y)[segments + 1];
        for (int i = 0; i <= segments; i++)
        {
            double a = start + (sweep * i / segments);
            points[i] = (Offset + (radius * Math.Cos(a)), Offset + (radius * Math.Sin(a)));
        }
        canvas.DrawPolyline(points, thickness, Rgb.Black);
        double end = start + sweep, head = size * 0.16;
        double tx = -Math.Sin(end) * Math.Sign(u), ty = Math.Cos(end) * Math.Sign(u);
        var (ex, ey) = points[segments];
        canvas.FillPolygon(
        [
            (ex + (tx * head), ey + (ty * head)),
            (ex + (Math.Cos(end) * head * 0.6), ey + (Math.Sin(end) * head * 0.6)),
            (ex - (Math.Cos(end) * head * 0.6), ey - (Math.Sin(end) * head * 0.6)),
        ], Rgb.Black);
    }
}
