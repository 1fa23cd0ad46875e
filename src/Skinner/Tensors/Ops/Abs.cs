using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>|x|.</summary>
internal readonly struct AbsOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Abs(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>Gradient of |x|: g·sign(x), 0 at x = 0 (as PyTorch).</summary>
internal readonly struct AbsGradOperator : IBinaryOperator
{
    public static float Invoke(float g, float x) => x > 0 ? g : x < 0 ? -g : 0f;
    public static Vector128<float> Invoke(Vector128<float> g, Vector128<float> x) =>
        (g & Vector128.GreaterThan(x, Vector128<float>.Zero)) - (g & Vector128.LessThan(x, Vector128<float>.Zero));
    public static Vector256<float> Invoke(Vector256<float> g, Vector256<float> x) =>
        (g & Vector256.GreaterThan(x, Vector256<float>.Zero)) - (g & Vector256.LessThan(x, Vector256<float>.Zero));
    public static Vector512<float> Invoke(Vector512<float> g, Vector512<float> x) =>
        (g & Vector512.GreaterThan(x, Vector512<float>.Zero)) - (g & Vector512.LessThan(x, Vector512<float>.Zero));
}

public sealed partial class Tensor
{
    /// <summary>|x|; gradient sign(x), 0 at 0.</summary>
    public Tensor Abs() => UnaryOp<AbsOperator>(this, static x => new AbsNode(x));

    private sealed class AbsNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<AbsGradOperator>(grad.Data, A!.Data, A);
    }
}
