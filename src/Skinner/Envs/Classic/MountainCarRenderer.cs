using Skinner.Envs.Rendering;

namespace Skinner.Envs.Classic;

/// <summary>
/// Gymnasium's mountain-car picture (specs/environments.md §4): 600 × 400, white, the hill
/// <c>y = 0.45·sin(3x) + 0.55</c> as a black line, a 40 × 20 black car tilted by <c>cos(3x)</c> with two grey
/// wheels, and a yellow flag at the goal.
/// </summary>
internal static class MountainCarRenderer
{
    public const int Width = 600, Height = 400;
    public const double MinPosition = -1.2, MaxPosition = 0.6;
    public const double Scale = Width / (MaxPosition - MinPosition), CarWidth = 40, CarHeight = 20, Clearance = 10;
    public static readonly Rgb WheelColor = new(128, 128, 128);
    public static readonly Rgb FlagColor = new(204, 204, 0);

    public static double HeightAt(double x) => (Math.Sin(3 * x) * 0.45) + 0.55;

    public static Frame Draw(double position, double goalPosition)
    {
        var frame = new Frame(Height, Width);
        var canvas = new Canvas(frame, yUp: true, antialias: true);
        canvas.Clear(Rgb.White);

        var hill = new (double X, double Y)[100];
        for (int i = 0; i < hill.Length; i++)
        {
            double x = MinPosition + ((MaxPosition - MinPosition) * i / (hill.Length - 1));
            hill[i] = ((x - MinPosition) * Scale, HeightAt(x) * Scale);
        }
        canvas.DrawPolyline(hill, 1.5, Rgb.Black);

        double angle = Math.Cos(3 * position), c = Math.Cos(angle), s = Math.Sin(angle);
        double baseX = (position - MinPosition) * Scale, baseY = Clearance + (HeightAt(position) * Scale);
        (double, double) Place(double px, double py) => (((px * c) - (py * s)) + baseX, ((px * s) + (py * c)) + baseY);
        double l = -CarWidth / 2, r = CarWidth / 2, t = CarHeight, b = 0;
        canvas.FillPolygon([Place(l, b), Place(l, t), Place(r, t), Place(r, b)], Rgb.Black);
        foreach (double wx in (ReadOnlySpan<double>)[CarWidth / 4, -CarWidth / 4])
        {
            var (cx, cy) = Place(wx, 0);
            canvas.FillCircle((int)cx + 0.5, (int)cy + 0.5, (int)(CarHeight / 2.5), WheelColor);
        }

        int flagX = (int)((goalPosition - MinPosition) * Scale);
        int flagY1 = (int)(HeightAt(goalPosition) * Scale), flagY2 = flagY1 + 50;
        canvas.FillRectangle(flagX, flagY1, flagX + 1, flagY2 + 1, Rgb.Black);
        canvas.FillPolygon([(flagX, flagY2), (flagX, flagY2 - 10), (flagX + 25, flagY2 - 5)], FlagColor);
        return frame;
    }
}
