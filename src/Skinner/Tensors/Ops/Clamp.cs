using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>1 where x equals y, else 0 (the clamp pass-through mask).</summary>
internal readonly struct EqualMaskOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x == y ? 1f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128<float>.One & Vector128.Equals(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256<float>.One & Vector256.Equals(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512<float>.One & Vector512.Equals(x, y);
}

public sealed partial class Tensor
{
    /// <summary>
    /// min(max(x, min), max), either bound optional. Gradient 1 where min ≤ x ≤ max (bounds included,
    /// as PyTorch), else 0.
    /// </summary>
    public Tensor Clamp(float? min = null, float? max = null)
    {
        if (min is { } lo && max is { } hi && lo > hi)
            throw new ArgumentException($"Clamp bounds are reversed: min {lo} > max {hi}.", nameof(min));
        var output = Empty(Shape, Numel);
        Data.AsSpan().CopyTo(output.Data);
        if (min is { } a) Elementwise.Binary<MaxOperator>(output.Data, a, output.Data);
        if (max is { } b) Elementwise.Binary<MinOperator>(output.Data, b, output.Data);
        return Autograd.Records(this) ? Record(output, new ClampNode(this)) : output;
    }

    // x is inside the bounds (boundaries included) exactly where the clamped value equals x.
    private sealed class ClampNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            var mask = new float[grad.Numel];
            Elementwise.Binary<EqualMaskOperator>(A!.Data, Output.Data, mask);
            BackInto<MultiplyOperator>(grad.Data, mask, A!);
        }
    }
}
