using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>√x.</summary>
internal readonly struct SqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);
}

/// <summary>Gradient of √x from upstream g and the output y: g / (2y).</summary>
internal readonly struct SqrtGradOperator : IBinaryOperator
{
    public static float Invoke(float g, float y) => g / (2f * y);
    public static Vector128<float> Invoke(Vector128<float> g, Vector128<float> y) => g / (y + y);
    public static Vector256<float> Invoke(Vector256<float> g, Vector256<float> y) => g / (y + y);
    public static Vector512<float> Invoke(Vector512<float> g, Vector512<float> y) => g / (y + y);
}

public sealed partial class Tensor
{
    /// <summary>√x; gradient 1/(2√x).</summary>
    public Tensor Sqrt() => UnaryOp<SqrtOperator>(this, static x => new SqrtNode(x));

    private sealed class SqrtNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<SqrtGradOperator>(grad.Data, Output.Data, A!);
    }
}
