using Skinner.Envs.Rendering;

namespace Skinner.Envs.Pixels;

/// <summary>
/// Shrinks a region of a frame by area averaging (each output pixel is the mean of the input area it
/// covers, partial pixels weighted by their overlap) and returns it as channel-major floats in [0, 1].
/// </summary>
public static class AreaResize
{
    /// <summary>
    /// The region <paramref name="rows"/> × <paramref name="columns"/> at (<paramref name="top"/>,
    /// <paramref name="left"/>) of <paramref name="frame"/>, shrunk to <paramref name="outHeight"/> ×
    /// <paramref name="outWidth"/>, as a <c>[3, outHeight, outWidth]</c> array.
    /// </summary>
    public static float[] ToChw(Frame frame, int top, int left, int rows, int columns, int outHeight, int outWidth)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (top < 0 || left < 0 || rows <= 0 || columns <= 0 || top + rows > frame.Height || left + columns > frame.Width)
            throw new ArgumentOutOfRangeException(nameof(rows), $"The region {rows}×{columns} at ({top}, {left}) is not inside the {frame.Height}×{frame.Width} frame.");
        if (outHeight <= 0 || outWidth <= 0 || outHeight > rows || outWidth > columns)
            throw new ArgumentOutOfRangeException(nameof(outHeight), $"Cannot shrink {rows}×{columns} to {outHeight}×{outWidth}: the output must be non-empty and no larger.");
        var ys = Weights(rows, outHeight);
        var xs = Weights(columns, outWidth);
        var output = new float[3 * outHeight * outWidth];
        byte[] rgb = frame.Rgb;
        Span<double> sum = stackalloc double[3];
        for (int oy = 0; oy < outHeight; oy++)
        {
            for (int ox = 0; ox < outWidth; ox++)
            {
                sum.Clear();
                double area = 0;
                foreach (var (iy, wy) in ys[oy])
                {
                    foreach (var (ix, wx) in xs[ox])
                    {
                        double w = wy * wx;
                        int k = ((((top + iy) * frame.Width) + left + ix) * 3);
                        sum[0] += w * rgb[k];
                        sum[1] += w * rgb[k + 1];
                        sum[2] += w * rgb[k + 2];
                        area += w;
                    }
                }
                for (int c = 0; c < 3; c++) output[(((c * outHeight) + oy) * outWidth) + ox] = (float)(sum[c] / area / 255.0);
            }
        }
        return output;
    }

    // For each output cell, the input cells it overlaps and by how much (in input-pixel units).
    private static (int Index, double Weight)[][] Weights(int inSize, int outSize)
    {
        var cells = new (int, double)[outSize][];
        double step = (double)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            double start = o * step, end = (o + 1) * step;
            var list = new List<(int, double)>();
            for (int i = (int)Math.Floor(start); i < Math.Min(inSize, (int)Math.Ceiling(end)); i++)
            {
                double w = Math.Min(end, i + 1) - Math.Max(start, i);
                if (w > 0) list.Add((i, w));
            }
            cells[o] = [.. list];
        }
        return cells;
    }
}
