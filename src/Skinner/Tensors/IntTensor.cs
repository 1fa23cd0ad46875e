namespace Skinner.Tensors;

/// <summary>
/// The engine's one integer-tensor form: row-major <c>int</c> values with a shape. Used for gather indices,
/// class targets, actions and the indices returned by <see cref="Tensor.Max(int, bool)"/> and
/// <see cref="Tensor.Argmax"/>. Never differentiable.
/// </summary>
public sealed class IntTensor
{
    /// <summary>The values in row-major order (not copied by the constructor).</summary>
    public int[] Data { get; }

    /// <summary>The dimensions. Empty for a 0-d scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Wraps <paramref name="data"/> with <paramref name="shape"/>; the element counts must agree.</summary>
    public IntTensor(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {ShapeText.Of(shape)} has a negative dimension.", nameof(shape));
            n *= d;
        }
        if (n != data.Length) throw new ArgumentException($"Shape {ShapeText.Of(shape)} holds {n} elements but the data has {data.Length}.", nameof(shape));
        Data = data;
        Shape = shape;
    }

    /// <summary>Number of elements.</summary>
    public int Numel => Data.Length;

    /// <summary>A view with another shape over the same data (one dimension may be -1).</summary>
    public IntTensor Reshape(params int[] shape) => new(Data, Tensor.ResolveShape(shape, Data.Length));

    /// <inheritdoc />
    public override string ToString() => $"IntTensor{ShapeText.Of(Shape)}";
}
