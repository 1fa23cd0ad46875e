using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// The sizes of one 2-D convolution, validated once, and the unfold (im2row) and fold-add kernels between a
/// sample <c>[C, H, W]</c> and its patch rows <c>[H_out·W_out, C·kH·kW]</c>: row <c>i·W_out + j</c>, column
/// <c>(c·kH + a)·kW + b</c> holds <c>xpad[c, i·stride + a, j·stride + b]</c>.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int O, int KH, int KW, int Stride, int Padding, int HOut, int WOut)
{
    /// <summary>Elements of one input sample (C·H·W).</summary>
    public int InSize => C * H * W;

    /// <summary>Output positions per channel (H_out·W_out).</summary>
    public int Spatial => HOut * WOut;

    /// <summary>Values per patch row (C·kH·kW), the inner dimension of the GEMM.</summary>
    public int Rows => C * KH * KW;

    /// <summary>
    /// How many samples to unfold together: as many as fit a patch buffer of about 64K floats (256 KB, half of a
    /// 512 KB L2), at least one, so the patch rows are still in cache when the GEMM reads them back (a 16 MB buffer
    /// went to memory and back).
    /// </summary>
    public int Chunk => Math.Clamp((1 << 16) / Math.Max(1, Rows * Spatial), 1, Math.Max(1, N));

    /// <summary>Checks the operands of a convolution and derives its output size.</summary>
    public static ConvGeometry Of(Tensor x, Tensor weight, Tensor? bias, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 4)
            throw new ArgumentException($"Conv2d needs an input [N, C, H, W]; got {ShapeText.Of(x.Shape)} (add a batch dim with Unsqueeze(0) for one image).", nameof(x));
        if (weight.Rank != 4 || weight.Shape[1] != x.Shape[1])
            throw new ArgumentException($"Conv2d needs a weight [O, C, kH, kW] with C = {x.Shape[1]} (the input's channels); got {ShapeText.Of(weight.Shape)}.", nameof(weight));
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Conv2d: the stride must be at least 1.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Conv2d: the padding must not be negative.");
        int o = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != o))
            throw new ArgumentException($"Conv2d bias must be [{o}]; got {ShapeText.Of(bias.Shape)}.", nameof(bias));
        int h = x.Shape[2], w = x.Shape[3];
        int hp = h + 2 * padding, wp = w + 2 * padding;
        if (kh < 1 || kw < 1 || hp < kh || wp < kw)
            throw new ArgumentException($"Conv2d: a {kh}x{kw} kernel does not fit the padded {hp}x{wp} input (input {ShapeText.Of(x.Shape)}, padding {padding}); use a smaller kernel or more padding.", nameof(weight));
        return new ConvGeometry(x.Shape[0], x.Shape[1], h, w, o, kh, kw, stride, padding, (hp - kh) / stride + 1, (wp - kw) / stride + 1);
    }

    /// <summary>
    /// Writes one image's patches as rows (im2row): row p = i·WOut + j holds, for every input channel c and kernel
    /// position (a, b), the input at (c, i·stride + a − padding, j·stride + b − padding), zero outside the image;
    /// <paramref name="rows"/> is [Spatial, Rows]. Each kernel row (a fixed c and a) is KW consecutive inputs.
    /// </summary>
    public unsafe void UnfoldRows(ReadOnlySpan<float> x, Span<float> rows)
    {
        if (x.Length < InSize || rows.Length < Spatial * Rows) throw new ArgumentException("UnfoldRows: a buffer is too short.");
        int k = Rows, plane = H * W, kh = KH, kw = KW, h = H, w = W, c = C;
        // A kernel row of up to eight values goes as one 8-wide load and store where both stay inside the buffers:
        // the store runs past the row's end, into values that the next runs of this patch row (or the next row)
        // write afterwards, since everything is written in increasing address order.
        bool wide = kw <= 8 && Vector256.IsHardwareAccelerated;
        fixed (float* xp = x, rp = rows)
        {
            float* xLast = xp + x.Length - 8, rLast = rp + rows.Length - 8;
            float* dst = rp;
            for (int i = 0; i < HOut; i++)
            {
                int y0 = i * Stride - Padding;
                for (int j = 0; j < WOut; j++, dst += k)
                {
                    int x0 = j * Stride - Padding;
                    bool inside = x0 >= 0 && x0 + kw <= w;
                    float* d = dst;
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int a = 0; a < kh; a++, d += kw)
                        {
                            int y = y0 + a;
                            if ((uint)y >= (uint)h)
                            {
                                for (int b = 0; b < kw; b++) d[b] = 0f;
                                continue;
                            }
                            float* src = xp + ch * plane + y * w + x0;
                            if (inside && wide && src <= xLast && d <= rLast) Vector256.Store(Vector256.Load(src), d);
                            else if (inside) CopyRun(src, d, kw);
                            else
                            {
                                for (int b = 0; b < kw; b++) d[b] = (uint)(x0 + b) < (uint)w ? src[b] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    // Copies n floats: four at a time, then one at a time (kernel rows are short, 3 to 8 values).
    private static unsafe void CopyRun(float* src, float* dst, int n)
    {
        int b = 0;
        for (; b + 4 <= n; b += 4) Vector128.Store(Vector128.Load(src + b), dst + b);
        for (; b < n; b++) dst[b] = src[b];
    }

    // dst[b] += src[b] for n floats, four at a time, then one at a time (each element gets one addition either way).
    private static unsafe void AddRun(float* src, float* dst, int n)
    {
        int b = 0;
        for (; b + 4 <= n; b += 4) Vector128.Store(Vector128.Load(dst + b) + Vector128.Load(src + b), dst + b);
        for (; b < n; b++) dst[b] += src[b];
    }

    /// <summary>The adjoint of <see cref="UnfoldRows"/>: adds each row's values back onto the input positions they came from.</summary>
    public unsafe void FoldAddRows(ReadOnlySpan<float> rows, Span<float> dx)
    {
        if (dx.Length < InSize || rows.Length < Spatial * Rows) throw new ArgumentException("FoldAddRows: a buffer is too short.");
        int k = Rows, plane = H * W, kh = KH, kw = KW, h = H, w = W, c = C;
        fixed (float* rp = rows, xp = dx)
        {
            float* row = rp;
            for (int i = 0; i < HOut; i++)
            {
                int y0 = i * Stride - Padding;
                for (int j = 0; j < WOut; j++, row += k)
                {
                    int x0 = j * Stride - Padding;
                    bool inside = x0 >= 0 && x0 + kw <= w;
                    float* r = row;
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int a = 0; a < kh; a++, r += kw)
                        {
                            int y = y0 + a;
                            if ((uint)y >= (uint)h) continue;
                            float* dst = xp + ch * plane + y * w + x0;
                            if (inside) AddRun(r, dst, kw);
                            else
                            {
                                for (int b = 0; b < kw; b++)
                                {
                                    if ((uint)(x0 + b) < (uint)w) dst[b] += r[b];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
