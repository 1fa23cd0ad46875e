namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D cross-correlation as <c>F.conv2d</c> (no kernel flip): <paramref name="x"/> is <c>[N, C, H, W]</c>,
    /// <paramref name="weight"/> <c>[O, C, kH, kW]</c>, <paramref name="bias"/> <c>[O]</c> or null; the same
    /// <paramref name="stride"/> and zero <paramref name="padding"/> on both spatial axes. The output is
    /// <c>[N, O, H_out, W_out]</c> with <c>H_out = (H + 2·padding - kH)/stride + 1</c> (floored).
    /// Gradients flow to the input, the weight and the bias.
    /// </summary>
    /// <remarks>
    /// A chunk of samples is unfolded side by side (im2col, <c>[C·kH·kW, chunk·H_out·W_out]</c>) and multiplied
    /// by the weight viewed as <c>[O, C·kH·kW]</c> in one packed GEMM: per-sample products are too narrow for
    /// the packing to pay. The unfolded buffer is rebuilt in backward rather than kept, so a recorded
    /// convolution holds no more memory than its input.
    /// </remarks>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var g = ConvGeometry.Of(x, weight, bias, stride, padding);
        var output = Empty([g.N, g.O, g.HOut, g.WOut], g.N * g.O * g.Spatial);
        int chunk = g.Chunk, width = chunk * g.Spatial;
        var col = new float[g.Rows * width];
        var product = new float[g.O * width];
        for (int n0 = 0; n0 < g.N; n0 += chunk)
        {
            int count = Math.Min(chunk, g.N - n0), cols = count * g.Spatial;
            for (int s = 0; s < count; s++) g.Unfold(x.Data.AsSpan((n0 + s) * g.InSize, g.InSize), col.AsSpan(s * g.Spatial), cols);
            Gemm.Multiply(false, false, g.O, cols, g.Rows, weight.Data, g.Rows, col, cols, product, cols, accumulate: false);
            // product is [O, count·HW]; the output wants [count, O, HW].
            for (int s = 0; s < count; s++)
            {
                for (int o = 0; o < g.O; o++)
                {
                    var src = product.AsSpan(o * cols + s * g.Spatial, g.Spatial);
                    var dst = output.Data.AsSpan(((n0 + s) * g.O + o) * g.Spatial, g.Spatial);
                    if (bias is null) src.CopyTo(dst);
                    else Elementwise.Binary<AddOperator>(src, bias.Data[o], dst);
                }
            }
        }
        bool records = Autograd.Records(x, weight) || (bias is not null && Autograd.Records(bias));
        return records ? Record(output, new Conv2dNode(x, weight, bias, g)) : output;
    }

    private sealed class Conv2dNode(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g) : Node(x, weight)
    {
        internal override Tensor[]? More => bias is null ? null : [bias];

        // Per chunk, with G = the upstream gradient gathered as [O, count·HW] and col the unfolded inputs:
        // dW += G · colᵀ,  dcol = Wᵀ · G folded back onto dx,  db += row sums of G.
        internal override void Backward(Tensor grad)
        {
            var x = A!;
            var w = B!;
            bool needX = x.RequiresGrad, needW = w.RequiresGrad;
            int chunk = g.Chunk, width = chunk * g.Spatial;
            var col = new float[g.Rows * width];
            var gathered = new float[g.O * width];
            float[]? gw = needW ? w.GradData() : null;
            float[]? gx = needX ? x.GradData() : null;
            float[]? gb = bias is { RequiresGrad: true } ? bias.GradData() : null;
            // Wᵀ once, so that the input gradient is a plain (untransposed) product.
            float[]? wT = needX ? Transpose(w.Data, g.O, g.Rows) : null;
            for (int n0 = 0; n0 < g.N; n0 += chunk)
            {
                int count = Math.Min(chunk, g.N - n0), cols = count * g.Spatial;
                for (int s = 0; s < count; s++)
                {
                    for (int o = 0; o < g.O; o++)
                        grad.Data.AsSpan(((n0 + s) * g.O + o) * g.Spatial, g.Spatial).CopyTo(gathered.AsSpan(o * cols + s * g.Spatial, g.Spatial));
                }
                if (gb is not null)
                {
                    for (int o = 0; o < g.O; o++) gb[o] += Elementwise.Sum(gathered.AsSpan(o * cols, cols));
                }
                if (gw is not null)
                {
                    for (int s = 0; s < count; s++) g.Unfold(x.Data.AsSpan((n0 + s) * g.InSize, g.InSize), col.AsSpan(s * g.Spatial), cols);
                    Gemm.Multiply(false, true, g.O, g.Rows, cols, gathered, cols, col, cols, gw, g.Rows, accumulate: true);
                }
                if (gx is not null)
                {
                    Gemm.Multiply(false, false, g.Rows, cols, g.O, wT, g.O, gathered, cols, col, cols, accumulate: false);
                    for (int s = 0; s < count; s++) g.FoldAdd(col.AsSpan(s * g.Spatial), cols, gx.AsSpan((n0 + s) * g.InSize, g.InSize));
                }
            }
        }

        private static float[] Transpose(float[] a, int rows, int cols)
        {
            var t = new float[a.Length];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
            }
            return t;
        }
    }
}
