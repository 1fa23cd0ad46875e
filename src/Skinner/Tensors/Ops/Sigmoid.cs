using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>1/(1 + e^-x): saturates cleanly to 0 and 1 (exp overflow gives 1/∞ = 0).</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + FloatExp.Exp(-x));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + FloatExp.Exp(-x));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + FloatExp.Exp(-x));
}

/// <summary>Gradient of the sigmoid from upstream g and the output y: g·y·(1 - y).</summary>
internal readonly struct SigmoidGradOperator : IBinaryOperator
{
    public static float Invoke(float g, float y) => g * y * (1f - y);
    public static Vector128<float> Invoke(Vector128<float> g, Vector128<float> y) => g * y * (Vector128<float>.One - y);
    public static Vector256<float> Invoke(Vector256<float> g, Vector256<float> y) => g * y * (Vector256<float>.One - y);
    public static Vector512<float> Invoke(Vector512<float> g, Vector512<float> y) => g * y * (Vector512<float>.One - y);
}

public sealed partial class Tensor
{
    /// <summary>σ(x) = 1/(1 + e^-x); gradient σ(1 - σ).</summary>
    public Tensor Sigmoid() => UnaryOp<SigmoidOperator>(this, static x => new SigmoidNode(x));

    private sealed class SigmoidNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<SigmoidGradOperator>(grad.Data, Output.Data, A!);
    }
}
