namespace Skinner.Envs.Rendering;

/// <summary>An RGB image: <c>Height × Width × 3</c> bytes, row-major, top row first.</summary>
public sealed class Frame
{
    /// <summary>Creates a black frame.</summary>
    public Frame(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Height = height;
        Width = width;
        Rgb = new byte[height * width * 3];
    }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The pixels, <c>(y * Width + x) * 3 + channel</c>.</summary>
    public byte[] Rgb { get; }
}
