namespace Skinner.Tensors;

/// <summary>
/// The sizes of one 2-D convolution, validated once, and the unfold (im2col) and fold-add (col2im) kernels
/// between a sample <c>[C, H, W]</c> and its columns <c>[C·kH·kW, H_out·W_out]</c>: row
/// <c>(c·kH + a)·kW + b</c>, column <c>i·W_out + j</c> holds <c>xpad[c, i·stride + a, j·stride + b]</c>.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int O, int KH, int KW, int Stride, int Padding, int HOut, int WOut)
{
    /// <summary>Elements of one input sample (C·H·W).</summary>
    public int InSize => C * H * W;

    /// <summary>Output positions per channel (H_out·W_out).</summary>
    public int Spatial => HOut * WOut;

    /// <summary>Rows of the unfolded matrix (C·kH·kW), the inner dimension of the GEMM.</summary>
    public int Rows => C * KH * KW;

    /// <summary>
    /// How many samples to unfold side by side: as many as fit a column buffer of about 4M floats (16 MB), so
    /// the GEMMs are wide enough to pay for their packing without the buffer growing with the batch.
    /// </summary>
    public int Chunk => Math.Clamp((1 << 22) / Math.Max(1, Rows * Spatial), 1, Math.Max(1, N));

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
    /// Writes the columns of one sample into <paramref name="col"/>, whose rows are <paramref name="ld"/> apart
    /// (so that several samples can sit side by side); every element of the sample's block is written.
    /// </summary>
    public void Unfold(ReadOnlySpan<float> x, Span<float> col, int ld)
    {
        int row = 0;
        for (int c = 0; c < C; c++)
        {
            var plane = x.Slice(c * H * W, H * W);
            for (int a = 0; a < KH; a++)
            {
                for (int b = 0; b < KW; b++, row++)
                {
                    var dst = col.Slice(row * ld, Spatial);
                    var (jLo, jHi) = ValidColumns(b);
                    for (int i = 0; i < HOut; i++)
                    {
                        var line = dst.Slice(i * WOut, WOut);
                        int y = i * Stride + a - Padding;
                        if ((uint)y >= (uint)H || jLo >= jHi)
                        {
                            line.Clear();
                            continue;
                        }
                        var src = plane.Slice(y * W, W);
                        line[..jLo].Clear();
                        line[jHi..].Clear();
                        int x0 = jLo * Stride + b - Padding;
                        if (Stride == 1) src.Slice(x0, jHi - jLo).CopyTo(line[jLo..jHi]);
                        else
                        {
                            for (int j = jLo, xi = x0; j < jHi; j++, xi += Stride) line[j] = src[xi];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds the columns <paramref name="col"/> (rows <paramref name="ld"/> apart) back onto the sample gradient <paramref name="dx"/>: the adjoint of <see cref="Unfold"/>.</summary>
    public void FoldAdd(ReadOnlySpan<float> col, int ld, Span<float> dx)
    {
        int row = 0;
        for (int c = 0; c < C; c++)
        {
            var plane = dx.Slice(c * H * W, H * W);
            for (int a = 0; a < KH; a++)
            {
                for (int b = 0; b < KW; b++, row++)
                {
                    var src = col.Slice(row * ld, Spatial);
                    var (jLo, jHi) = ValidColumns(b);
                    if (jLo >= jHi) continue;
                    for (int i = 0; i < HOut; i++)
                    {
                        int y = i * Stride + a - Padding;
                        if ((uint)y >= (uint)H) continue;
                        var line = src.Slice(i * WOut, WOut);
                        var dst = plane.Slice(y * W, W);
                        int x0 = jLo * Stride + b - Padding;
                        if (Stride == 1) Elementwise.AddInto(line[jLo..jHi], dst.Slice(x0, jHi - jLo));
                        else
                        {
                            for (int j = jLo, xi = x0; j < jHi; j++, xi += Stride) dst[xi] += line[j];
                        }
                    }
                }
            }
        }
    }

    // The output columns j whose input column j·stride + b - padding lies inside [0, W): [lo, hi).
    private (int Lo, int Hi) ValidColumns(int b)
    {
        int off = b - Padding;
        int lo = off >= 0 ? 0 : (-off + Stride - 1) / Stride;
        int hi = W - 1 - off < 0 ? 0 : Math.Min(WOut, (W - 1 - off) / Stride + 1);
        return (Math.Min(lo, hi), hi);
    }
}
