namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>Matrix product of <c>a [m, k]</c> and <c>b [k, n]</c>; gradients <c>g·bᵀ</c> and <c>aᵀ·g</c> (no transposes materialised).</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[0])
            throw new ArgumentException($"MatMul needs [m, k] and [k, n] matrices; got {ShapeText.Of(a.Shape)} and {ShapeText.Of(b.Shape)}.");
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var output = Empty([m, n], m * n);
        Gemm.Multiply(false, false, m, n, k, a.Data, k, b.Data, n, output.Data, n, accumulate: false);
        return Autograd.Records(a, b) ? Record(output, new MatMulNode(a, b)) : output;
    }

    private sealed class MatMulNode(Tensor a, Tensor b) : Node(a, b)
    {
        internal override void Backward(Tensor grad)
        {
            int m = A!.Shape[0], k = A.Shape[1], n = B!.Shape[1];
            if (A.RequiresGrad)
            {
                var ga = A.GradForWrite(out bool accumulate);
                Gemm.Multiply(false, true, m, k, n, grad.Data, n, B.Data, n, ga, k, accumulate);
            }
            if (B.RequiresGrad)
            {
                var gb = B.GradForWrite(out bool accumulate);
                Gemm.Multiply(true, false, k, n, m, A.Data, k, grad.Data, n, gb, n, accumulate);
            }
        }
    }
}
