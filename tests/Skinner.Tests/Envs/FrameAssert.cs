using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

/// <summary>Reads pixels of frames in tests.</summary>
internal static class FrameAssert
{
    /// <summary>The colour at column <paramref name="x"/> of frame row <paramref name="row"/> (row 0 at the top).</summary>
    public static Rgb At(Frame frame, int x, int row)
    {
        int k = ((row * frame.Width) + x) * 3;
        return new Rgb(frame.Rgb[k], frame.Rgb[k + 1], frame.Rgb[k + 2]);
    }

    /// <summary>The colour at a point given in Gymnasium's y-up drawing coordinates (before the flip).</summary>
    public static Rgb AtYUp(Frame frame, double x, double y) => At(frame, (int)Math.Floor(x), frame.Height - 1 - (int)Math.Floor(y));
}
