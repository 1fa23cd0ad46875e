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
    /// Each sample is unfolded once (im2col, <c>[C·kH·kW, H_out·W_out]</c>) and multiplied by the weight
    /// viewed as <c>[O, C·kH·kW]</c> with the packed GEMM, so the whole cost is one GEMM per sample. The
    /// unfolded buffer is reused across samples and rebuilt in backward rather than kept, which keeps the
    /// memory of a recorded convolution at the size of its input.
    /// </remarks>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var g = ConvGeometry.Of(x, weight, bias, stride, padding);
        var output = Empty([g.N, g.O, g.HOut, g.WOut], g.N * g.O * g.Spatial);
        var col = new float[g.Rows * g.Spatial];
        for (int n = 0; n < g.N; n++)
        {
            var outN = output.Data.AsSpan(n * g.O * g.Spatial, g.O * g.Spatial);
            if (bias is not null)
            {
                for (int o = 0; o < g.O; o++) outN.Slice(o * g.Spatial, g.Spatial).Fill(bias.Data[o]);
            }
            g.Unfold(x.Data.AsSpan(n * g.InSize, g.InSize), col);
            Gemm.Multiply(false, false, g.O, g.Spatial, g.Rows, weight.Data, g.Rows, col, g.Spatial, outN, g.Spatial, accumulate: bias is not null);
        }
        bool records = Autograd.Records(x, weight) || (bias is not null && Autograd.Records(bias));
        return records ? Record(output, new Conv2dNode(x, weight, bias, g)) : output;
    }

    private sealed class Conv2dNode(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g) : Node(x, weight)
    {
        internal override Tensor[]? More => bias is null ? null : [bias];

        // Per sample, with G_n = grad [O, HW] and col_n the unfolded input [CKK, HW]:
        // dW += G_n · col_nᵀ,  dcol = Wᵀ · G_n folded back onto dx,  db += row sums of G_n.
        internal override void Backward(Tensor grad)
        {
            var x = A!;
            var w = B!;
            bool needX = x.RequiresGrad, needW = w.RequiresGrad;
            var col = new float[g.Rows * g.Spatial];
            float[]? gw = needW ? w.GradData() : null;
            float[]? gx = needX ? x.GradData() : null;
            for (int n = 0; n < g.N; n++)
            {
                var gN = grad.Data.AsSpan(n * g.O * g.Spatial, g.O * g.Spatial);
                if (needW)
                {
                    g.Unfold(x.Data.AsSpan(n * g.InSize, g.InSize), col);
                    Gemm.Multiply(false, true, g.O, g.Rows, g.Spatial, gN, g.Spatial, col, g.Spatial, gw, g.Rows, accumulate: true);
                }
                if (needX)
                {
                    Gemm.Multiply(true, false, g.Rows, g.Spatial, g.O, w.Data, g.Rows, gN, g.Spatial, col, g.Spatial, accumulate: false);
                    g.FoldAdd(col, gx.AsSpan(n * g.InSize, g.InSize));
                }
                if (bias is { RequiresGrad: true })
                {
                    var gb = bias.GradData();
                    for (int o = 0; o < g.O; o++) gb[o] += Elementwise.Sum(gN.Slice(o * g.Spatial, g.Spatial));
                }
            }
        }
    }
}
