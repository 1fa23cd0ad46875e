using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>max(x, 0).</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => x > 0 ? x : 0f;
    public static Vector128<float> Invoke(Vector128<float> x) => x & Vector128.GreaterThan(x, Vector128<float>.Zero);
    public static Vector256<float> Invoke(Vector256<float> x) => x & Vector256.GreaterThan(x, Vector256<float>.Zero);
    public static Vector512<float> Invoke(Vector512<float> x) => x & Vector512.GreaterThan(x, Vector512<float>.Zero);
}

/// <summary>Gradient of relu from upstream g and the output y: g where y &gt; 0 (0 at x = 0, as PyTorch).</summary>
internal readonly struct ReluGradOperator : IBinaryOperator
{
    public static float Invoke(float g, float y) => y > 0 ? g : 0f;
    public static Vector128<float> Invoke(Vector128<float> g, Vector128<float> y) => g & Vector128.GreaterThan(y, Vector128<float>.Zero);
    public static Vector256<float> Invoke(Vector256<float> g, Vector256<float> y) => g & Vector256.GreaterThan(y, Vector256<float>.Zero);
    public static Vector512<float> Invoke(Vector512<float> g, Vector512<float> y) => g & Vector512.GreaterThan(y, Vector512<float>.Zero);
}

public sealed partial class Tensor
{
    /// <summary>max(x, 0); gradient 1 where x &gt; 0, else 0.</summary>
    public Tensor Relu() => UnaryOp<ReluOperator>(this, static x => new ReluNode(x));

    // Reads the output, not the input: y > 0 exactly when x > 0, and the input may be freed sooner.
    private sealed class ReluNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<ReluGradOperator>(grad.Data, Output.Data, A!);
    }
}
