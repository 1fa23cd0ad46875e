namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>-x.</summary>
    public Tensor Neg() => UnaryOp<NegateOperator>(this, static x => new NegNode(x));

    private sealed class NegNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) => BackScaled(grad, A!, -1f);
    }
}
