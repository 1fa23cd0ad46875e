using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

public class CanvasTests
{
    private static readonly Rgb s_red = new(200, 10, 10);

    [Fact]
    public void Clear_paints_every_pixel()
    {
        var c = new Canvas(new Frame(3, 5));
        c.Clear(s_red);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 5; x++)
                Assert.Equal(s_red, c.GetPixel(x, y));
    }

    [Fact]
    public void Rectangle_covers_the_pixels_whose_centres_it_contains()
    {
        var c = new Canvas(new Frame(10, 10));
        c.Clear(Rgb.White);
        c.FillRectangle(2, 3, 5, 4, s_red);
        int painted = 0;
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
            {
                bool inside = x >= 2 && x < 5 && y == 3;
                Assert.Equal(inside ? s_red : Rgb.White, c.GetPixel(x, y));
                painted += inside ? 1 : 0;
            }
        Assert.Equal(3, painted);
    }

    [Fact]
    public void Y_up_puts_drawing_row_zero_at_the_bottom_of_the_frame()
    {
        var frame = new Frame(4, 4);
        var c = new Canvas(frame, yUp: true);
        c.FillRectangle(0, 0, 4, 1, s_red);
        int bottom = 3 * 4 * 3;
        Assert.Equal(s_red.R, frame.Rgb[bottom]);
        Assert.Equal(0, frame.Rgb[0]);
        Assert.Equal(s_red, c.GetPixel(0, 0));
    }

    [Fact]
    public void Rotated_square_has_the_area_of_the_square()
    {
        var c = new Canvas(new Frame(100, 100));
        double h = 20, a = 0.3;
        (double, double) P(double x, double y) => (50 + (x * Math.Cos(a)) - (y * Math.Sin(a)), 50 + (x * Math.Sin(a)) + (y * Math.Cos(a)));
        c.FillPolygon([P(-h, -h), P(h, -h), P(h, h), P(-h, h)], s_red);
        int count = Count(c, s_red);
        Assert.InRange(count, 1600 - 40, 1600 + 40);
        Assert.Equal(s_red, c.GetPixel(50, 50));
        Assert.Equal(Rgb.Black, c.GetPixel(50 + 29, 50));
    }

    [Fact]
    public void Circle_has_the_area_of_a_disc()
    {
        var c = new Canvas(new Frame(100, 100));
        c.FillCircle(50, 50, 20, s_red);
        Assert.InRange(Count(c, s_red), (Math.PI * 400) - 40, (Math.PI * 400) + 40);
        Assert.Equal(s_red, c.GetPixel(50, 69));
        Assert.Equal(Rgb.Black, c.GetPixel(50, 71));
    }

    [Fact]
    public void Thick_line_is_a_rectangle_along_the_segment()
    {
        var c = new Canvas(new Frame(20, 20));
        c.DrawLine(2, 10, 18, 10, 2, s_red);
        Assert.Equal(s_red, c.GetPixel(10, 9));
        Assert.Equal(s_red, c.GetPixel(10, 10));
        Assert.Equal(Rgb.Black, c.GetPixel(10, 11));
        Assert.Equal(Rgb.Black, c.GetPixel(1, 10));
        Assert.Equal(32, Count(c, s_red));
    }

    [Fact]
    public void Antialiasing_blends_a_half_covered_pixel()
    {
        var c = new Canvas(new Frame(4, 4), antialias: true);
        c.Clear(Rgb.White);
        c.FillRectangle(0, 0, 1.5, 4, Rgb.Black);
        Assert.Equal(Rgb.Black, c.GetPixel(0, 2));
        Assert.Equal(new Rgb(128, 128, 128), c.GetPixel(1, 2));
        Assert.Equal(Rgb.White, c.GetPixel(2, 2));
    }

    [Fact]
    public void Shapes_outside_the_frame_are_clipped()
    {
        var c = new Canvas(new Frame(10, 10));
        c.FillCircle(-100, -100, 5, s_red);
        c.FillPolygon([(-5.0, -5.0), (15.0, -5.0), (15.0, 0.5)], s_red);
        c.FillCircle(5, 5, 1e300, s_red);
        Assert.Equal(s_red, c.GetPixel(5, 5));
        c.Clear(Rgb.Black);
        c.FillPolygon([(double.NaN, 0.0), (5.0, 5.0), (0.0, 5.0)], s_red);
        c.FillRectangle(0, double.NaN, 5, 5, s_red);
        Assert.Equal(Rgb.Black, c.GetPixel(5, 5));
        Assert.Throws<ArgumentException>(() => c.FillPolygon([(0.0, 0.0), (1.0, 1.0)], s_red));
    }

    private static int Count(Canvas c, Rgb color)
    {
        int n = 0;
        for (int y = 0; y < c.Height; y++)
            for (int x = 0; x < c.Width; x++)
                if (c.GetPixel(x, y) == color) n++;
        return n;
    }
}
