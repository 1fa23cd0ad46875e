using Skinner.Envs.Rendering;

namespace Skinner.Envs.MinAtar;

/// <summary>
/// Draws a MinAtar state as MinAtar's own display does: each cell takes the colour of its highest-index
/// active channel, black when none is on. Channel colours are C evenly spaced
/// samples of the cubehelix scheme (D. A. Green 2011) with matplotlib's default parameters (start 0.5,
/// rotations −1.5, hue 1, gamma 1), taken at <c>(i + 1) / (C + 1)</c> as seaborn's <c>"cubehelix"</c>
/// palette does; computed from the formula rather than matplotlib's 256-entry table, so a colour can differ
/// from seaborn's by a unit of rounding.
/// </summary>
internal static class MinAtarPalette
{
    /// <summary>The RGB colour of each channel, dark to light.</summary>
    public static byte[][] Colors(int channels)
    {
        var colors = new byte[channels][];
        for (int i = 0; i < channels; i++)
        {
            double x = (i + 1.0) / (channels + 1.0);
            double amplitude = x * (1 - x) / 2;
            double phi = 2 * Math.PI * ((0.5 / 3) + (-1.5 * x));
            double cos = Math.Cos(phi), sin = Math.Sin(phi);
            colors[i] =
            [
                ToByte(x + (amplitude * ((-0.14861 * cos) + (1.78277 * sin)))),
                ToByte(x + (amplitude * ((-0.29227 * cos) - (0.90649 * sin)))),
                ToByte(x + (amplitude * 1.97294 * cos)),
            ];
        }
        return colors;
    }

    /// <summary>Paints a <c>[y, x, c]</c> observation into a frame of <paramref name="cellPixels"/> pixels per cell.</summary>
    public static Frame Paint(ReadOnlySpan<float> obs, int channels, byte[][] colors, int cellPixels)
    {
        var frame = new Frame(Grid.Size * cellPixels, Grid.Size * cellPixels);
        for (int y = 0; y < Grid.Size; y++)
            for (int x = 0; x < Grid.Size; x++)
            {
                int top = -1;
                for (int c = 0; c < channels; c++)
                    if (obs[(((y * Grid.Size) + x) * channels) + c] != 0) top = c;
                if (top >= 0) FillCell(frame, y, x, cellPixels, colors[top]);
            }
        return frame;
    }

    private static void FillCell(Frame frame, int y, int x, int cellPixels, byte[] rgb)
    {
        for (int py = y * cellPixels; py < (y + 1) * cellPixels; py++)
            for (int px = x * cellPixels; px < (x + 1) * cellPixels; px++)
            {
                int o = ((py * frame.Width) + px) * 3;
                frame.Rgb[o] = rgb[0];
                frame.Rgb[o + 1] = rgb[1];
                frame.Rgb[o + 2] = rgb[2];
            }
    }

    private static byte ToByte(double v) => (byte)Math.Round(Math.Clamp(v, 0, 1) * 255);
}
