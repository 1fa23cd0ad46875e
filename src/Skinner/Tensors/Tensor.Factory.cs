namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>A new tensor filled with ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Zeros(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor From(ReadOnlySpan<float> values, params int[] shape) => new(values.ToArray(), (int[])shape.Clone());

    /// <summary>A 1-D tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor From(ReadOnlySpan<float> values) => new(values.ToArray(), values.Length);

    /// <summary>A new tensor of U(low, high) values drawn from <paramref name="rng"/> (exploration noise, initial states).</summary>
    public static Tensor Uniform(Rng rng, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)rng.Uniform(low, high);
        return t;
    }

    /// <summary>A new tensor of standard normal values drawn from <paramref name="rng"/> (e.g. the reparameterisation noise of SAC).</summary>
    public static Tensor Randn(Rng rng, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)rng.NextNormal();
        return t;
    }

    /// <summary>A copy of the values (a leaf that does not require grad).</summary>
    public Tensor Clone() => new((float[])Data.Clone(), Shape);

    /// <summary>Copies the values of <paramref name="source"/> (same element count) into this tensor in place; not recorded.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Numel != Numel) throw new ArgumentException($"CopyFrom needs {Numel} elements ({ShapeText.Of(Shape)}); the source has {source.Numel} ({ShapeText.Of(source.Shape)}).", nameof(source));
        source.Data.AsSpan().CopyTo(Data);
    }

    /// <summary>
    /// A new tensor whose values are NOT initialised, sharing the shape array: for op outputs that the op
    /// overwrites entirely. Skipping the zeroing matters at the sizes of small networks, where clearing
    /// fresh arrays costs as much as the arithmetic.
    /// </summary>
    internal static Tensor Empty(int[] shape, int count) => new(GC.AllocateUninitializedArray<float>(count), shape);
}
