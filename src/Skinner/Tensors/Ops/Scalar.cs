namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>x · scale + shift, one fused op (scalar arithmetic, negation of a difference, ...).</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = Empty(x.Shape, x.Numel);
        if (shift == 0f) Elementwise.Binary<MultiplyOperator>(x.Data, scale, output.Data);
        else if (scale == 1f) Elementwise.Binary<AddOperator>(x.Data, shift, output.Data);
        else
        {
            Elementwise.Binary<MultiplyOperator>(x.Data, scale, output.Data);
            Elementwise.Binary<AddOperator>(output.Data, shift, output.Data);
        }
        return Autograd.Records(x) ? Record(output, new AffineNode(x, scale)) : output;
    }

    /// <summary>x + s.</summary>
    public static Tensor operator +(Tensor x, float s) => Affine(x, 1f, s);

    /// <summary>s + x.</summary>
    public static Tensor operator +(float s, Tensor x) => Affine(x, 1f, s);

    /// <summary>x - s.</summary>
    public static Tensor operator -(Tensor x, float s) => Affine(x, 1f, -s);

    /// <summary>s - x.</summary>
    public static Tensor operator -(float s, Tensor x) => Affine(x, -1f, s);

    /// <summary>x · s.</summary>
    public static Tensor operator *(Tensor x, float s) => Affine(x, s, 0f);

    /// <summary>s · x.</summary>
    public static Tensor operator *(float s, Tensor x) => Affine(x, s, 0f);

    /// <summary>x / s (as a division, so that results round like PyTorch's).</summary>
    public static Tensor operator /(Tensor x, float s) => Div(x, Scalar(s));

    /// <summary>s / x.</summary>
    public static Tensor operator /(float s, Tensor x) => Div(Scalar(s), x);

    /// <summary>-x.</summary>
    public static Tensor operator -(Tensor x) => x.Neg();

    private sealed class AffineNode(Tensor x, float scale) : Node(x)
    {
        internal override void Backward(Tensor grad) => BackScaled(grad, A!, scale);
    }
}
