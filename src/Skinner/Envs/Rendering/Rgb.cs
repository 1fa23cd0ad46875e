namespace Skinner.Envs.Rendering;

/// <summary>A colour of 8-bit red, green and blue.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>(0, 0, 0).</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>(255, 255, 255).</summary>
    public static Rgb White => new(255, 255, 255);
}
