using System.Globalization;

namespace Skinner.Reporting.Plots;

/// <summary>An opaque 8-bit RGB colour.</summary>
public readonly record struct PlotColor(byte R, byte G, byte B)
{
    private static readonly PlotColor[] s_series =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(148, 103, 189), new(140, 86, 75),
        new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>Black.</summary>
    public static PlotColor Black => new(0, 0, 0);

    /// <summary>White.</summary>
    public static PlotColor White => new(255, 255, 255);

    /// <summary>The red used for thresholds.</summary>
    public static PlotColor Red => new(214, 39, 40);

    /// <summary>The <paramref name="index"/>-th colour of a nine-colour cycle that tells series apart (red is left
    /// out so that thresholds stand out).</summary>
    public static PlotColor Series(int index) => s_series[((index % s_series.Length) + s_series.Length) % s_series.Length];

    /// <summary>This colour mixed with white: 0 keeps it, 1 gives white.</summary>
    public PlotColor Lighten(double amount)
    {
        static byte Mix(byte c, double t) => (byte)Math.Round(c + (255 - c) * Math.Clamp(t, 0, 1));
        return new(Mix(R, amount), Mix(G, amount), Mix(B, amount));
    }

    /// <summary><c>#rrggbb</c>.</summary>
    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");
}
