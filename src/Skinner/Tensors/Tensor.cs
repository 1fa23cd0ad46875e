namespace Skinner.Tensors;

/// <summary>
/// A float32 tensor of any rank: row-major, contiguous, on a GC-owned array.
/// <para>
/// Invariant: <c>Data.Length == Shape.Numel</c>. A view (reshape) shares <see cref="Data"/> with its source;
/// nothing else aliases. Gradients are tensors of the same shape, accumulated by backward.
/// </para>
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The elements in row-major order. Shared with views; write with care.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions. Empty for a 0-d scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Accumulated gradient (same shape), or null before the first backward pass.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Whether operations on this tensor are recorded for backward.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Creates a tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            n *= d;
        }
        if (n != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {n} elements but the data has {data.Length}.", nameof(shape));
        Data = data;
        Shape = shape;
    }

    /// <summary>Number of elements.</summary>
    public int Numel => Data.Length;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>A new zero-filled tensor.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[Count(shape)], (int[])shape.Clone());

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value]);

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Data.Length != 1) throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape [{string.Join(", ", Shape)}].");
        return Data[0];
    }

    private static int Count(int[] shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return checked((int)n);
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}]";
}
