using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// x^y for a scalar y, as exp(y·ln|x|) with the sign of x restored for odd integer y and NaN for a negative
/// base with a fractional exponent (as C's pow). y = 0 and the common small integers are dispatched earlier.
/// </summary>
internal readonly struct PowOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Pow(x, y);

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
    {
        var r = Vector128.Exp(y * Vector128.Log(Vector128.Abs(x)));
        var isInt = Vector128.Equals(Vector128.Truncate(y), y);
        var half = y * Vector128.Create(0.5f);
        var isOdd = isInt & ~Vector128.Equals(Vector128.Truncate(half), half);
        var negative = Vector128.LessThan(x, Vector128<float>.Zero);
        r = Vector128.ConditionalSelect(isOdd & negative, -r, r);
        return Vector128.ConditionalSelect(negative & ~isInt, Vector128.Create(float.NaN), r);
    }

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        var r = Vector256.Exp(y * Vector256.Log(Vector256.Abs(x)));
        var isInt = Vector256.Equals(Vector256.Truncate(y), y);
        var half = y * Vector256.Create(0.5f);
        var isOdd = isInt & ~Vector256.Equals(Vector256.Truncate(half), half);
        var negative = Vector256.LessThan(x, Vector256<float>.Zero);
        r = Vector256.ConditionalSelect(isOdd & negative, -r, r);
        return Vector256.ConditionalSelect(negative & ~isInt, Vector256.Create(float.NaN), r);
    }

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        var r = Vector512.Exp(y * Vector512.Log(Vector512.Abs(x)));
        var isInt = Vector512.Equals(Vector512.Truncate(y), y);
        var half = y * Vector512.Create(0.5f);
        var isOdd = isInt & ~Vector512.Equals(Vector512.Truncate(half), half);
        var negative = Vector512.LessThan(x, Vector512<float>.Zero);
        r = Vector512.ConditionalSelect(isOdd & negative, -r, r);
        return Vector512.ConditionalSelect(negative & ~isInt, Vector512.Create(float.NaN), r);
    }
}

/// <summary>x³.</summary>
internal readonly struct CubeOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * x * x;
    public static Vector128<float> Invoke(Vector128<float> x) => x * x * x;
    public static Vector256<float> Invoke(Vector256<float> x) => x * x * x;
    public static Vector512<float> Invoke(Vector512<float> x) => x * x * x;
}

public sealed partial class Tensor
{
    /// <summary>x^exponent (PyTorch's <c>pow(x, e)</c>); gradient e·x^(e-1).</summary>
    public Tensor Pow(float exponent)
    {
        var output = Empty(Shape, Numel);
        PowInto(Data, exponent, output.Data);
        return Autograd.Records(this) ? Record(output, new PowNode(this, exponent)) : output;
    }

    /// <summary>x² (same as <c>Pow(2)</c>).</summary>
    public Tensor Square() => Pow(2f);

    // Exact products for the exponents that losses and norms use; the general kernel otherwise.
    private static void PowInto(ReadOnlySpan<float> x, float e, Span<float> dst)
    {
        switch (e)
        {
            case 0f: dst.Fill(1f); break;
            case 1f: x.CopyTo(dst); break;
            case 2f: Elementwise.Unary<SquareOperator>(x, dst); break;
            case 3f: Elementwise.Unary<CubeOperator>(x, dst); break;
            case 0.5f: Elementwise.Unary<SqrtOperator>(x, dst); break;
            case -1f: Elementwise.Binary<DivideOperator>(1f, x, dst); break;
            default: Elementwise.Binary<PowOperator>(x, e, dst); break;
        }
    }

    private sealed class PowNode(Tensor x, float exponent) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            if (exponent == 0f) return; // constant: zero gradient, even at x = 0
            var d = new float[grad.Numel];
            PowInto(A!.Data, exponent - 1f, d);
            Elementwise.Binary<MultiplyOperator>(d, exponent, d);
            BackInto<MultiplyOperator>(grad.Data, d, A!);
        }
    }
}
