namespace Skinner.Tensors;

/// <summary>The result of <see cref="Tensor.Max(int, bool)"/>: the maxima and where they are.</summary>
/// <param name="Values">The maxima (differentiable: the gradient goes to the maximal position).</param>
/// <param name="Indices">Position of each maximum along the reduced dim (the first one on ties).</param>
public readonly record struct MaxResult(Tensor Values, IntTensor Indices);

public sealed partial class Tensor
{
    /// <summary>Maximum along <paramref name="dim"/>, with its index; the dim is dropped unless <paramref name="keepDim"/>.</summary>
    public MaxResult Max(int dim, bool keepDim = false)
    {
        int d = Axis.Normalize(Rank, dim, "Max");
        var ax = Axis.Of(Shape, d, "Max");
        if (ax.Length == 0) throw new ArgumentException($"Max along dim {dim} of an empty dimension (shape {ShapeText.Of(Shape)}).", nameof(dim));
        int[] shape = Axis.Reduced(Shape, d, keepDim);
        var output = Empty(shape, ax.Outer * ax.Inner);
        var indices = new int[output.Numel];
        ArgMaxInto(Data, ax, output.Data, indices);
        var values = Autograd.Records(this) ? Record(output, new MaxNode(this, ax, indices)) : output;
        return new MaxResult(values, new IntTensor(indices, shape));
    }

    /// <summary>Maximum of all elements, as a 0-d tensor (gradient to the first maximal element).</summary>
    public Tensor Max()
    {
        if (Numel == 0) throw new InvalidOperationException("Max() of an empty tensor.");
        var flat = new Axis(1, Numel, 1);
        var output = Scalar(0f);
        var indices = new int[1];
        ArgMaxInto(Data, flat, output.Data, indices);
        return Autograd.Records(this) ? Record(output, new MaxNode(this, flat, indices)) : output;
    }

    /// <summary>Index of the maximum along <paramref name="dim"/> (the first one on ties); not differentiable.</summary>
    public IntTensor Argmax(int dim, bool keepDim = false)
    {
        int d = Axis.Normalize(Rank, dim, "Argmax");
        var ax = Axis.Of(Shape, d, "Argmax");
        if (ax.Length == 0) throw new ArgumentException($"Argmax along dim {dim} of an empty dimension (shape {ShapeText.Of(Shape)}).", nameof(dim));
        int[] shape = Axis.Reduced(Shape, d, keepDim);
        var indices = new int[ax.Outer * ax.Inner];
        ArgMaxInto(Data, ax, new float[indices.Length], indices);
        return new IntTensor(indices, shape);
    }

    private static void ArgMaxInto(float[] x, Axis ax, float[] values, int[] indices)
    {
        for (int o = 0; o < ax.Outer; o++)
        {
            for (int i = 0; i < ax.Inner; i++)
            {
                int at = o * ax.Inner + i;
                indices[at] = ArgMax(x, o * ax.Length * ax.Inner + i, ax.Length, ax.Inner, out values[at]);
            }
        }
    }

    /// <summary>
    /// The index (0 to <paramref name="length"/> - 1) of the largest of <paramref name="length"/> values
    /// <paramref name="stride"/> apart from <paramref name="start"/>, and that value. NaN counts as the maximum (as
    /// PyTorch); otherwise strict &gt; keeps the first of equal values.
    /// </summary>
    internal static int ArgMax(ReadOnlySpan<float> x, int start, int length, int stride, out float best)
    {
        best = x[start];
        int arg = 0;
        for (int j = 1; j < length && !float.IsNaN(best); j++)
        {
            float v = x[start + j * stride];
            if (v > best || float.IsNaN(v))
            {
                best = v;
                arg = j;
            }
        }
        return arg;
    }

    private sealed class MaxNode(Tensor x, Axis ax, int[] indices) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            var gx = A!.GradData();
            var g = grad.Data;
            for (int o = 0; o < ax.Outer; o++)
            {
                for (int i = 0; i < ax.Inner; i++)
                {
                    int k = o * ax.Inner + i;
                    gx[o * ax.Length * ax.Inner + indices[k] * ax.Inner + i] += g[k];
                }
            }
        }
    }
}
