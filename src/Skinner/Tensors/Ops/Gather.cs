namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks values along <paramref name="dim"/>: for dim 1 of a matrix, <c>out[i, j] = x[i, index[i, j]]</c>
    /// (as <c>Q.gather(1, actions)</c>). <paramref name="index"/> has this tensor's rank and sizes no larger in the
    /// other dims; the output has the index's shape. The gradient adds upstream at the gathered positions
    /// (repeated indices accumulate).
    /// </summary>
    public Tensor Gather(int dim, IntTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = Axis.Normalize(Rank, dim, "Gather");
        if (index.Shape.Length != Rank)
            throw new ArgumentException($"Gather: index {ShapeText.Of(index.Shape)} must have the rank of the input {ShapeText.Of(Shape)} (reshape actions [B] to [B, 1]).", nameof(index));
        for (int i = 0; i < Rank; i++)
        {
            if (i != d && index.Shape[i] > Shape[i])
                throw new ArgumentException($"Gather: index {ShapeText.Of(index.Shape)} is larger than the input {ShapeText.Of(Shape)} in dim {i}.", nameof(index));
        }
        var offsets = Offsets(index, d);
        var output = Empty(index.Shape, index.Numel);
        var o = output.Data;
        for (int i = 0; i < offsets.Length; i++) o[i] = Data[offsets[i]];
        return Autograd.Records(this) ? Record(output, new GatherNode(this, offsets)) : output;
    }

    // Flat input offset of every index element (validated), computed once for forward and backward.
    private int[] Offsets(IntTensor index, int d)
    {
        int r = Rank;
        Span<int> stride = stackalloc int[r];
        for (int i = r - 1, s = 1; i >= 0; i--)
        {
            stride[i] = s;
            s *= Shape[i];
        }
        Span<int> coord = stackalloc int[r];
        var offsets = new int[index.Numel];
        int limit = Shape[d];
        for (int flat = 0; flat < offsets.Length; flat++)
        {
            int v = index.Data[flat];
            if ((uint)v >= (uint)limit)
                throw new ArgumentOutOfRangeException(nameof(index), v, $"Gather: index {v} is out of range for dim {d} of size {limit}.");
            int off = v * stride[d];
            for (int i = 0; i < r; i++)
            {
                if (i != d) off += coord[i] * stride[i];
            }
            offsets[flat] = off;
            for (int i = r - 1; i >= 0; i--)
            {
                if (++coord[i] < index.Shape[i]) break;
                coord[i] = 0;
            }
        }
        return offsets;
    }

    private sealed class GatherNode(Tensor x, int[] offsets) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            var gx = A!.GradData();
            var g = grad.Data;
            for (int i = 0; i < offsets.Length; i++) gx[offsets[i]] += g[i];
        }
    }
}
