namespace Skinner.Tensors;

public sealed partial class Tensor
{
    // Shared forward of the unary ops: one output, one kernel, a node only when recording.
    private static Tensor UnaryOp<T>(Tensor x, Func<Tensor, Node> node) where T : IUnaryOperator
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = Empty(x.Shape, x.Numel);
        Elementwise.Unary<T>(x.Data, output.Data);
        return Autograd.Records(x) ? Record(output, node(x)) : output;
    }
}
