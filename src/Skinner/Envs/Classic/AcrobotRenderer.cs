using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Gymnasium's acrobot picture (specs/environments.md §6.4): 500 × 500, white, a black goal line one link
/// length above the pivot, two cyan links 0.2 wide and yellow joints.
/// </summary>
internal static class AcrobotRenderer
{
    public const int Size = 500;
    public const double Bound = 1.0 + 1.0 + 0.2, Scale = Size / (Bound * 2), Offset = Size / 2.0;
    public static readonly Rgb LinkColor = new(0, 204, 204);
    public static readonly Rgb JointColor = new(204, 204, 0);

    /// <summary>The drawing-space positions of the pivot, the elbow and the tip (y up).</summary>
    public static (double X, double Y)[] Joints(double theta1, double theta2)
    {
        // Gymnasium computes (down, right) pairs and swaps them: θ1 = 0 hangs straight down.
        double p1x = Math.Sin(theta1) * Scale, p1y = -Math.Cos(theta1) * Scale;
        double p2x = p1x + (Math.Sin(theta1 + theta2) * Scale), p2y = p1y - (Math.Cos(theta1 + theta2) * Scale);
        return [(Offset, Offset), (p1x + Offset, p1y + Offset), (p2x + Offset, p2y + Offset)];
    }

    public static Frame Draw(double theta1, double theta2)
    {
        var frame = new Frame(Size, Size);
        var canvas = new Canvas(frame, yUp: true, antialias: true);
        canvas.Clear(Rgb.White);
        // pygame.draw.line of width 1: one row of pixels at the line's integer height.
        double lineY = Math.Floor((1 * Scale) + Offset);
        canvas.FillRectangle((-2.2 * Scale) + Offset, lineY, (2.2 * Scale) + Offset, lineY + 1, Rgb.Black);

        var joints = Joints(theta1, theta2);
        double[] angles = [theta1 - (Math.PI / 2), theta1 + theta2 - (Math.PI / 2)];
        for (int k = 0; k < 2; k++)
        {
            var (x, y) = joints[k];
            double c = Math.Cos(angles[k]), s = Math.Sin(angles[k]);
            (double, double) Place(double px, double py) => (((px * c) - (py * s)) + x, ((px * s) + (py * c)) + y);
            double l = 0, r = Scale, t = 0.1 * Scale, b = -0.1 * Scale;
            canvas.FillPolygon([Place(l, b), Place(l, t), Place(r, t), Place(r, b)], LinkColor);
            canvas.FillCircle((int)x + 0.5, (int)y + 0.5, (int)(0.1 * Scale), JointColor);
        }
        return frame;
    }
}
