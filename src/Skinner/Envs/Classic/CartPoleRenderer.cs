using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Gymnasium's CartPole picture (specs/environments.md §2.6): 600 × 400, white, drawn y-up with the cart
/// centred at <c>x·125 + 300</c>, 100 px above the bottom. Geometry and colours follow Gymnasium; the
/// anti-aliasing of edges is ours.
/// </summary>
internal static class CartPoleRenderer
{
    public const int Width = 600, Height = 400;
    public const double Scale = Width / 4.8, CartY = 100, CartWidth = 50, CartHeight = 30;
    public static readonly Rgb PoleColor = new(202, 152, 101);
    public static readonly Rgb AxleColor = new(129, 132, 203);

    /// <summary>The horizontal pixel position of the cart's centre for cart position <paramref name="x"/>.</summary>
    public static double CartX(double x) => (x * Scale) + (Width / 2.0);

    public static Frame Draw(double x, double theta)
    {
        var frame = new Frame(Height, Width);
        var canvas = new Canvas(frame, yUp: true, antialias: true);
        canvas.Clear(Rgb.White);
        double cartX = CartX(x);
        double l = -CartWidth / 2, r = CartWidth / 2, t = CartHeight / 2, b = -CartHeight / 2;
        canvas.FillPolygon([(l + cartX, b + CartY), (l + cartX, t + CartY), (r + cartX, t + CartY), (r + cartX, b + CartY)], Rgb.Black);

        // The pole: a 10 × 125 bar whose corners are rotated by −θ about the axle (Vector2.rotate_rad).
        double poleLength = Scale * (2 * 0.5), poleWidth = 10, axleY = CartY + (CartHeight / 4.0);
        (double, double) Corner(double px, double py)
        {
            double c = Math.Cos(-theta), s = Math.Sin(-theta);
            return (((px * c) - (py * s)) + cartX, ((px * s) + (py * c)) + axleY);
        }
        double pl = -poleWidth / 2, pr = poleWidth / 2, pt = poleLength - (poleWidth / 2), pb = -poleWidth / 2;
        canvas.FillPolygon([Corner(pl, pb), Corner(pl, pt), Corner(pr, pt), Corner(pr, pb)], PoleColor);

        canvas.FillCircle((int)cartX + 0.5, (int)axleY + 0.5, (int)(poleWidth / 2), AxleColor);
        canvas.FillRectangle(0, CartY, Width, CartY + 1, Rgb.Black);
        return frame;
    }
}
