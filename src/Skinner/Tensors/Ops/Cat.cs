namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Concatenates tensors along <paramref name="dim"/>; all other dims must agree. Each input's gradient
    /// is its slice of the upstream gradient.
    /// </summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Cat needs at least one tensor.", nameof(tensors));
        var first = tensors[0];
        int d = Axis.Normalize(first.Rank, dim, "Cat");
        int total = 0;
        foreach (var t in tensors)
        {
            bool ok = t.Rank == first.Rank;
            for (int i = 0; ok && i < first.Rank; i++) ok = i == d || t.Shape[i] == first.Shape[i];
            if (!ok) throw new ArgumentException($"Cat along dim {d}: shape {ShapeText.Of(t.Shape)} does not match {ShapeText.Of(first.Shape)} outside dim {d}.", nameof(tensors));
            total += t.Shape[d];
        }
        int[] shape = (int[])first.Shape.Clone();
        shape[d] = total;
        var ax = Axis.Of(shape, d, "Cat");
        var output = Empty(shape, ax.Outer * total * ax.Inner);
        int start = 0;
        bool records = false;
        foreach (var t in tensors)
        {
            int block = t.Shape[d] * ax.Inner, row = total * ax.Inner;
            for (int o = 0; o < ax.Outer; o++) t.Data.AsSpan(o * block, block).CopyTo(output.Data.AsSpan(o * row + start * ax.Inner, block));
            start += t.Shape[d];
            records |= Autograd.Records(t);
        }
        return records ? Record(output, new CatNode([.. tensors], ax)) : output;
    }

    private sealed class CatNode(Tensor[] inputs, Axis ax) : Node(null)
    {
        internal override Tensor[]? More => inputs;

        internal override void Backward(Tensor grad)
        {
            int start = 0, row = ax.Length * ax.Inner;
            foreach (var t in inputs)
            {
                int len = t.Numel / Math.Max(1, ax.Outer * ax.Inner);
                int block = len * ax.Inner;
                if (t.RequiresGrad)
                {
                    var gt = t.GradData().AsSpan();
                    for (int o = 0; o < ax.Outer; o++) Elementwise.AddInto(grad.Data.AsSpan(o * row + start * ax.Inner, block), gt.Slice(o * block, block));
                }
                start += len;
            }
        }
    }
}
