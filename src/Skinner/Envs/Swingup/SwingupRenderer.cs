using Skinner.Envs.Rendering;

namespace Skinner.Envs.Swingup;

/// <summary>
/// Draws the cart-pole seen from the side (x to the right, z up) with the MJCF's geometry and colours:
/// the rail (capsule of radius 0.02 from x = −1 to 1, rgba 0.3 0.3 0.7), the cart (capsule of radius 0.1,
/// half-length 0.1, the default rgba 0.7 0.7 0) and the pole (capsule of radius 0.049 from the hinge to
/// (0.001, 0, 0.6) in the pole frame, rgba 0 0.7 0.7), on a white background.
/// </summary>
/// <remarks>
/// The frame is <see cref="Width"/> × <see cref="Height"/> pixels at <see cref="Scale"/> pixels per metre,
/// with the rail's centre (the slider origin) at the centre of the frame. That shows the cart anywhere
/// on the rail (and past it by the limit's overshoot) and the pole pointing straight up or down.
/// </remarks>
internal static class SwingupRenderer
{
    /// <summary>Frame width in pixels.</summary>
    public const int Width = 500;

    /// <summary>Frame height in pixels.</summary>
    public const int Height = 300;

    /// <summary>Pixels per metre.</summary>
    public const double Scale = 180;

    /// <summary>Background colour.</summary>
    public static readonly Rgb Background = new(255, 255, 255);

    /// <summary>The rail's colour, rgba 0.3 0.3 0.7.</summary>
    public static readonly Rgb RailColor = FromUnit(0.3, 0.3, 0.7);

    /// <summary>The cart's colour, the MJCF's default geom rgba 0.7 0.7 0.</summary>
    public static readonly Rgb CartColor = FromUnit(0.7, 0.7, 0);

    /// <summary>The pole's colour, rgba 0 0.7 0.7.</summary>
    public static readonly Rgb PoleColor = FromUnit(0, 0.7, 0.7);

    /// <summary>Draws <paramref name="s"/> on a fresh frame.</summary>
    public static Frame Draw(in SwingupState s)
    {
        var frame = new Frame(Height, Width);
        var canvas = new Canvas(frame, yUp: true, antialias: true);
        canvas.Clear(Background);
        Capsule(canvas, (-SwingupModel.SliderLimit, 0), (SwingupModel.SliderLimit, 0), 0.02, RailColor);
        Capsule(canvas, (s.X - 0.1, 0), (s.X + 0.1, 0), 0.1, CartColor);
        Capsule(canvas, (s.X, 0), PoleTip(s), 0.049, PoleColor);
        return frame;
    }

    /// <summary>The pole's far end (0.001, 0, 0.6) in world x-z (m).</summary>
    public static (double X, double Z) PoleTip(in SwingupState s)
    {
        double c = Math.Cos(s.Theta), sn = Math.Sin(s.Theta);
        return (s.X + 0.001 * c + 0.6 * sn, -0.001 * sn + 0.6 * c);
    }

    /// <summary>The pixel column and (y-up) row of world point (x, z).</summary>
    public static (double Column, double Row) ToPixels(double x, double z) => (Width / 2.0 + x * Scale, Height / 2.0 + z * Scale);

    // A capsule is a thick segment with a disc at each end.
    private static void Capsule(Canvas canvas, (double X, double Z) a, (double X, double Z) b, double radius, Rgb color)
    {
        var (ax, ay) = ToPixels(a.X, a.Z);
        var (bx, by) = ToPixels(b.X, b.Z);
        double r = radius * Scale;
        canvas.DrawLine(ax, ay, bx, by, 2 * r, color);
        canvas.FillCircle(ax, ay, r, color);
        canvas.FillCircle(bx, by, r, color);
    }

    private static Rgb FromUnit(double r, double g, double b) =>
        new((byte)Math.Round(r * 255), (byte)Math.Round(g * 255), (byte)Math.Round(b * 255));
}
