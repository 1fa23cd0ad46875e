using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>e^x.</summary>
internal readonly struct ExpOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Exp(x);
    public static Vector128<float> Invoke(Vector128<float> x) => FloatExp.Exp(x);
    public static Vector256<float> Invoke(Vector256<float> x) => FloatExp.Exp(x);
    public static Vector512<float> Invoke(Vector512<float> x) => FloatExp.Exp(x);
}

public sealed partial class Tensor
{
    /// <summary>e^x; gradient e^x (the output, reused).</summary>
    public Tensor Exp() => UnaryOp<ExpOperator>(this, static x => new ExpNode(x));

    private sealed class ExpNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<MultiplyOperator>(grad.Data, Output.Data, A!);
    }
}
