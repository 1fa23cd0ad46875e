using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>The share of the gradient that x takes in max(x, y): 1 where x &gt; y, ½ on ties (as PyTorch), else 0.</summary>
internal readonly struct GreaterShareOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > y ? 1f : x == y ? 0.5f : 0f;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) =>
        (Vector128<float>.One & Vector128.GreaterThan(x, y)) + (Vector128.Create(0.5f) & Vector128.Equals(x, y));
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) =>
        (Vector256<float>.One & Vector256.GreaterThan(x, y)) + (Vector256.Create(0.5f) & Vector256.Equals(x, y));
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) =>
        (Vector512<float>.One & Vector512.GreaterThan(x, y)) + (Vector512.Create(0.5f) & Vector512.Equals(x, y));
}

public sealed partial class Tensor
{
    /// <summary>Elementwise max(a, b) with broadcasting (TD3's and PPO's clipped objectives); ties split the gradient.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => BinaryOp<MaxOperator>(a, b, static (x, y) => new ExtremumNode(x, y, max: true));

    /// <summary>Elementwise min(a, b) with broadcasting (the twin-critic minimum); ties split the gradient.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => BinaryOp<MinOperator>(a, b, static (x, y) => new ExtremumNode(x, y, max: false));

    private sealed class ExtremumNode(Tensor a, Tensor b, bool max) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            if (A!.RequiresGrad) Share(grad, max ? A : B!, max ? B! : A, A);
            if (B!.RequiresGrad) Share(grad, max ? B : A, max ? A : B, B);
        }

        // target.grad += sum-to-shape(grad · share(winner over loser)).
        private static void Share(Tensor grad, Tensor first, Tensor second, Tensor target)
        {
            var s = new float[grad.Numel];
            Broadcast.Binary<GreaterShareOperator>(first.Data, first.Shape, second.Data, second.Shape, s, grad.Shape);
            Elementwise.Binary<MultiplyOperator>(s, grad.Data, s);
            Broadcast.SumTo(s, grad.Shape, target.GradData(), target.Shape);
        }
    }
}
