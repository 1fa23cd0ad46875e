namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => BinaryOp<AddOperator>(a, b, static (x, y) => new AddNode(x, y));

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => BinaryOp<SubtractOperator>(a, b, static (x, y) => new SubNode(x, y));

    /// <summary>a · b (elementwise) with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => BinaryOp<MultiplyOperator>(a, b, static (x, y) => new MulNode(x, y));

    /// <summary>a / b (elementwise) with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b) => BinaryOp<DivideOperator>(a, b, static (x, y) => new DivNode(x, y));

    /// <summary>a + b.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a - b.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>a · b (elementwise).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>a / b (elementwise).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);

    // The node factories are static lambdas: cached delegates, no allocation per call.
    private static Tensor BinaryOp<T>(Tensor a, Tensor b, Func<Tensor, Tensor, Node> node) where T : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int[] shape = Broadcast.Shape(a.Shape, b.Shape);
        var output = Empty(shape, Count(shape));
        Broadcast.Binary<T>(a.Data, a.Shape, b.Data, b.Shape, output.Data, shape);
        return Autograd.Records(a, b) ? Record(output, node(a, b)) : output;
    }

    private sealed class AddNode(Tensor a, Tensor b) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            if (A!.RequiresGrad) BackScaled(grad, A);
            if (B!.RequiresGrad) BackScaled(grad, B);
        }
    }

    private sealed class SubNode(Tensor a, Tensor b) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            if (A!.RequiresGrad) BackScaled(grad, A);
            if (B!.RequiresGrad) BackScaled(grad, B, -1f);
        }
    }

    private sealed class MulNode(Tensor a, Tensor b) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            if (A!.RequiresGrad) ProductBack(grad, B!, A);
            if (B!.RequiresGrad) ProductBack(grad, A, B);
        }

        // target.grad += sum-to-shape(grad · other)
        private static void ProductBack(Tensor grad, Tensor other, Tensor target)
        {
            if (other.Numel == grad.Numel && target.Numel == grad.Numel)
            {
                BackInto<MultiplyOperator>(grad.Data, other.Data, target);
                return;
            }
            var tmp = new float[grad.Numel];
            Broadcast.Binary<MultiplyOperator>(grad.Data, grad.Shape, other.Data, other.Shape, tmp, grad.Shape);
            Broadcast.SumTo(tmp, grad.Shape, target.GradData(), target.Shape);
        }
    }

    private sealed class DivNode(Tensor a, Tensor b) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            // d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b = -out/b.
            var gOverB = new float[grad.Numel];
            Broadcast.Binary<DivideOperator>(grad.Data, grad.Shape, B!.Data, B.Shape, gOverB, grad.Shape);
            if (A!.RequiresGrad) Broadcast.SumTo(gOverB, grad.Shape, A.GradData(), A.Shape);
            if (B.RequiresGrad)
            {
                Elementwise.Binary<MultiplyOperator>(gOverB, Output.Data, gOverB);
                Broadcast.SumTo(gOverB, grad.Shape, B.GradData(), B.Shape, -1f);
            }
        }
    }
}
