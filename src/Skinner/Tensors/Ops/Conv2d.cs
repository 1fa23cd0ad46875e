using System.Buffers;

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
    /// A chunk of samples is unfolded into patch rows (im2row, <c>[chunk·H_out·W_out, C·kH·kW]</c>) and multiplied
    /// by the transposed weight in one GEMM whose tall side is the output positions: the micro-kernel's 16 columns
    /// cover the 16 to 64 output channels of RL networks in whole tiles, the small weight is the only packed
    /// operand, and the patch rows are read in place. (Unfolded the other way round, the output channels are the
    /// GEMM's short side and the large unfolded matrix has to be packed.) The patch buffer is rebuilt in backward
    /// rather than kept, so a recorded convolution holds no more memory than its input.
    /// </remarks>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var g = ConvGeometry.Of(x, weight, bias, stride, padding);
        var output = Empty([g.N, g.O, g.HOut, g.WOut], g.N * g.O * g.Spatial);
        int chunk = g.Chunk, k = g.Rows, o = g.O, spatial = g.Spatial;
        var rows = ArrayPool<float>.Shared.Rent(chunk * spatial * k);
        var product = ArrayPool<float>.Shared.Rent(chunk * spatial * o);
        try
        {
            for (int n0 = 0; n0 < g.N; n0 += chunk)
            {
                int count = Math.Min(chunk, g.N - n0), p = count * spatial;
                for (int s = 0; s < count; s++) g.UnfoldRows(x.Data.AsSpan((n0 + s) * g.InSize, g.InSize), rows.AsSpan(s * spatial * k, spatial * k));
                // One row per output position, one column per output channel: [P, K] · Wᵀ, W read as [O, K].
                Gemm.Multiply(false, true, p, o, k, rows, k, weight.Data, k, product, o, accumulate: false);
                // product is [count·HW, O]; the output wants [count, O, HW].
                for (int s = 0; s < count; s++)
                    ScatterChannels(product.AsSpan(s * spatial * o, spatial * o), output.Data.AsSpan((n0 + s) * o * spatial, o * spatial), o, spatial, bias?.Data);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(product);
        }
        bool records = Autograd.Records(x, weight) || (bias is not null && Autograd.Records(bias));
        return records ? Record(output, new Conv2dNode(x, weight, bias, g)) : output;
    }

    // dst[c, q] = src[q, c] (+ bias[c]): one image's [HW, O] product into [O, HW].
    private static void ScatterChannels(ReadOnlySpan<float> src, Span<float> dst, int channels, int spatial, float[]? bias)
    {
        Transpose.Run(src, spatial, channels, dst);
        if (bias is null) return;
        for (int c = 0; c < channels; c++)
        {
            var line = dst.Slice(c * spatial, spatial);
            Elementwise.Binary<AddOperator>(line, bias[c], line);
        }
    }

    private sealed class Conv2dNode(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g) : Node(x, weight)
    {
        internal override Tensor[]? More => bias is null ? null : [bias];

        // Per chunk, with G the upstream gradient as rows [P, O] and R the patch rows [P, K]:
        // dWᵀ += Rᵀ · G,  dR = G · W folded back onto dx,  db += column sums of G.
        internal override void Backward(Tensor grad)
        {
            var x = A!;
            var w = B!;
            int chunk = g.Chunk, k = g.Rows, o = g.O, spatial = g.Spatial;
            float[]? gw = w.RequiresGrad ? w.GradData() : null;
            float[]? gx = x.RequiresGrad ? x.GradData() : null;
            float[]? gb = bias is { RequiresGrad: true } ? bias.GradData() : null;
            if (gb is not null)
            {
                for (int n = 0; n < g.N; n++)
                    for (int c = 0; c < o; c++) gb[c] += Elementwise.Sum(grad.Data.AsSpan((n * o + c) * spatial, spatial));
            }
            if (gw is null && gx is null) return;
            var rows = ArrayPool<float>.Shared.Rent(chunk * spatial * k);
            var gathered = ArrayPool<float>.Shared.Rent(chunk * spatial * o);
            // dWᵀ [K, O], accumulated over the chunks and added to dW [O, K] at the end.
            var gwT = gw is null ? null : new float[k * o];
            try
            {
                for (int n0 = 0; n0 < g.N; n0 += chunk)
                {
                    int count = Math.Min(chunk, g.N - n0), p = count * spatial;
                    for (int s = 0; s < count; s++)
                        Transpose.Run(grad.Data.AsSpan((n0 + s) * o * spatial, o * spatial), o, spatial, gathered.AsSpan(s * spatial * o, spatial * o));
                    if (gwT is not null)
                    {
                        for (int s = 0; s < count; s++) g.UnfoldRows(x.Data.AsSpan((n0 + s) * g.InSize, g.InSize), rows.AsSpan(s * spatial * k, spatial * k));
                        Gemm.Multiply(true, false, k, o, p, rows, k, gathered, o, gwT, o, accumulate: true);
                    }
                    if (gx is not null)
                    {
                        Gemm.Multiply(false, false, p, k, o, gathered, o, w.Data, k, rows, k, accumulate: false);
                        for (int s = 0; s < count; s++) g.FoldAddRows(rows.AsSpan(s * spatial * k, spatial * k), gx.AsSpan((n0 + s) * g.InSize, g.InSize));
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rows);
                ArrayPool<float>.Shared.Return(gathered);
            }
            if (gw is not null)
            {
                for (int c = 0; c < o; c++)
                    for (int r = 0; r < k; r++) gw[c * k + r] += gwT![r * o + c];
            }
        }
    }
}
