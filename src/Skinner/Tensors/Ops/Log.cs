using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>ln x.</summary>
internal readonly struct LogOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Log(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Log(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Log(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Log(x);
}

public sealed partial class Tensor
{
    /// <summary>ln x; gradient 1/x.</summary>
    public Tensor Log() => UnaryOp<LogOperator>(this, static x => new LogNode(x));

    private sealed class LogNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) =>
            BackInto<DivideOperator>(grad.Data, A!.Data, A);
    }
}
