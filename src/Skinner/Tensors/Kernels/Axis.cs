namespace Skinner.Tensors;

/// <summary>
/// Splits a shape around one dimension: <c>[outer, length, inner]</c> (row-major), which every
/// along-a-dim op (reductions, softmax, max, gather, cat) works in.
/// </summary>
internal readonly record struct Axis(int Outer, int Length, int Inner)
{
    /// <summary>Normalises a possibly negative <paramref name="dim"/> and splits <paramref name="shape"/> around it.</summary>
    public static Axis Of(int[] shape, int dim, string op)
    {
        int d = Normalize(shape.Length, dim, op);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.Length; i++) inner *= shape[i];
        return new Axis(outer, shape[d], inner);
    }

    /// <summary>A dim in [0, rank) from one that may count from the end (-1 is the last).</summary>
    public static int Normalize(int rank, int dim, string op)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"{op}: dim {dim} is out of range for a tensor of rank {rank} (use 0..{rank - 1}, or -1 for the last).");
        return d;
    }

    /// <summary>The shape with <paramref name="dim"/> removed, or set to 1 when <paramref name="keepDim"/>.</summary>
    public static int[] Reduced(int[] shape, int dim, bool keepDim)
    {
        if (keepDim)
        {
            var k = (int[])shape.Clone();
            k[dim] = 1;
            return k;
        }
        var r = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++)
        {
            if (i != dim) r[j++] = shape[i];
        }
        return r;
    }
}
