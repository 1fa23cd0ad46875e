using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Batch normalisation as <c>F.batch_norm</c> over <paramref name="x"/> <c>[N, C, ...]</c> (channels in dim 1,
    /// statistics over every other dim, m elements per channel):
    /// <c>out = (x - μ)/√(σ² + eps) · weight + bias</c>.
    /// <para>
    /// Training: μ and the biased variance σ² come from the batch, the gradient flows through both, and the
    /// running statistics (when given) are updated in place with
    /// <c>r ← (1 - momentum)·r + momentum·s</c>, using the unbiased variance σ²·m/(m - 1). Evaluation: μ and σ²
    /// are the running statistics, which are left unchanged. A null <paramref name="weight"/> means 1, a null
    /// <paramref name="bias"/> 0. The running statistics are never differentiated.
    /// </para>
    /// </summary>
    public static Tensor BatchNorm(
        Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        var (channels, inner, m) = BatchNormShape(x, runningMean, runningVar, weight, bias, training);
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "BatchNorm: eps must not be negative.");
        var mean = new float[channels];
        var invStd = new float[channels];
        if (training)
        {
            var (mu, variance) = ChannelMoments(x.Data, channels, inner);
            for (int c = 0; c < channels; c++)
            {
                mean[c] = (float)mu[c];
                invStd[c] = (float)(1.0 / Math.Sqrt(variance[c] + eps));
                if (runningMean is not null) runningMean.Data[c] = (float)((1.0 - momentum) * runningMean.Data[c] + momentum * mu[c]);
                if (runningVar is not null) runningVar.Data[c] = (float)((1.0 - momentum) * runningVar.Data[c] + momentum * variance[c] * m / (m - 1));
            }
        }
        else
        {
            for (int c = 0; c < channels; c++)
            {
                mean[c] = runningMean!.Data[c];
                invStd[c] = 1f / MathF.Sqrt(runningVar!.Data[c] + eps);
            }
        }
        var output = Empty(x.Shape, x.Numel);
        float[] src = x.Data, dst = output.Data;
        float[]? wd = weight?.Data, bd = bias?.Data;
        int blocks = x.Numel / Math.Max(1, channels * inner);
        int cv = VectorChannels(channels, inner);
        if (cv > 0) NormalizeRows(src, dst, blocks, channels, cv, mean, invStd, wd, bd);
        // Samples outermost and channels next, so that [N, C] inputs (inner = 1) are read in memory order.
        for (int n = 0; n < blocks; n++)
        {
            for (int c = cv; c < channels; c++)
            {
                float w = wd?[c] ?? 1f, b = bd?[c] ?? 0f, mu = mean[c], s = invStd[c];
                int start = (n * channels + c) * inner;
                NormalizeSegment(src.AsSpan(start, inner), dst.AsSpan(start, inner), mu, s, w, b);
            }
        }
        bool records = Autograd.Records(x) || (weight is not null && Autograd.Records(weight)) || (bias is not null && Autograd.Records(bias));
        return records ? Record(output, new BatchNormNode(x, weight, bias, mean, invStd, inner, training)) : output;
    }

    // Validates the operands; returns the channel count, the elements per channel and sample, and m.
    private static (int Channels, int Inner, int M) BatchNormShape(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2) throw new ArgumentException($"BatchNorm needs an input [N, C, ...]; got {ShapeText.Of(x.Shape)}.", nameof(x));
        int channels = x.Shape[1];
        CheckPerChannel(runningMean, channels, "running mean");
        CheckPerChannel(runningVar, channels, "running variance");
        CheckPerChannel(weight, channels, "weight");
        CheckPerChannel(bias, channels, "bias");
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException("BatchNorm in evaluation mode needs the running mean and variance.");
        int inner = 1;
        for (int d = 2; d < x.Rank; d++) inner *= x.Shape[d];
        int m = x.Shape[0] * inner;
        if (training && m <= 1)
            throw new ArgumentException($"BatchNorm in training mode needs more than one value per channel; input {ShapeText.Of(x.Shape)} has {m}. Use a larger batch, or evaluation mode.", nameof(x));
        return (channels, inner, m);
    }

    private static void CheckPerChannel(Tensor? t, int channels, string what)
    {
        if (t is not null && (t.Rank != 1 || t.Shape[0] != channels))
            throw new ArgumentException($"BatchNorm {what} must be [{channels}] (one per channel); got {ShapeText.Of(t.Shape)}.");
    }

    // Channels [0, VectorChannels) of [N, C] inputs go eight at a time (each channel's values still added in
    // sample order, so the result is the scalar loop's bit for bit); the rest, and inputs with spatial dims, one
    // at a time.
    private static int VectorChannels(int channels, int inner) => inner == 1 && Simd.Use256 ? channels & ~7 : 0;

    // Per-channel mean and biased variance, accumulated in float64 (two passes: no cancellation). Each channel's
    // values are added in sample order, then in order within a sample.
    private static (double[] Mean, double[] Variance) ChannelMoments(float[] x, int channels, int inner)
    {
        int blocks = x.Length / (channels * inner), cv = VectorChannels(channels, inner);
        var sum = new double[channels];
        if (cv > 0) AddRows(x, blocks, channels, cv, sum);
        for (int n = 0; n < blocks; n++)
        {
            for (int c = cv; c < channels; c++)
            {
                sum[c] = AddSegment(x.AsSpan((n * channels + c) * inner, inner), sum[c]);
            }
        }
        double m = (double)blocks * inner;
        var mean = new double[channels];
        for (int c = 0; c < channels; c++) mean[c] = sum[c] / m;
        var sq = new double[channels];
        if (cv > 0) AddSquaredDeviationRows(x, blocks, channels, cv, mean, sq);
        for (int n = 0; n < blocks; n++)
        {
            for (int c = cv; c < channels; c++)
            {
                sq[c] = AddSquaredDeviations(x.AsSpan((n * channels + c) * inner, inner), mean[c], sq[c]);
            }
        }
        for (int c = 0; c < channels; c++) sq[c] /= m;
        return (mean, sq);
    }

    // One sample's values of one channel (a segment of `inner` consecutive values). Elementwise work is the scalar
    // loop's arithmetic eight at a time, bit for bit; a sum over a segment of eight or more values takes, with SIMD,
    // eight interleaved float64 partial sums (lane j adds x[j], x[j + 8], ...) that are then added together with the
    // tail and the running total, a different order from the scalar loop's (within float64 rounding).
    private static bool SegmentSimd(int length) => length >= 8 && Simd.Use256;

    private static void NormalizeSegment(ReadOnlySpan<float> x, Span<float> dst, float mu, float s, float w, float b)
    {
        int i = 0;
        if (SegmentSimd(x.Length))
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(dst);
            Vector256<float> vm = Vector256.Create(mu), vs = Vector256.Create(s), vw = Vector256.Create(w), vb = Vector256.Create(b);
            for (; i + 8 <= x.Length; i += 8)
                ((Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vs * vw + vb).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < x.Length; i++) dst[i] = (x[i] - mu) * s * w + b;
    }

    private static double AddSegment(ReadOnlySpan<float> x, double total)
    {
        int i = 0;
        if (SegmentSimd(x.Length))
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                lo += Vector256.WidenLower(v);
                hi += Vector256.WidenUpper(v);
            }
            total += Vector256.Sum(lo + hi);
        }
        for (; i < x.Length; i++) total += x[i];
        return total;
    }

    private static double AddSquaredDeviations(ReadOnlySpan<float> x, double mu, double total)
    {
        int i = 0;
        if (SegmentSimd(x.Length))
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            var vm = Vector256.Create(mu);
            Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var dl = Vector256.WidenLower(v) - vm;
                var dh = Vector256.WidenUpper(v) - vm;
                lo += dl * dl;
                hi += dh * dh;
            }
            total += Vector256.Sum(lo + hi);
        }
        for (; i < x.Length; i++)
        {
            double d = x[i] - mu;
            total += d * d;
        }
        return total;
    }

    // Σ g and Σ g·x̂ over a segment (the product in float32), added to the running totals.
    private static (double G, double GxHat) AddGradientSegment(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float mu, float s, double sumG, double sumGxHat)
    {
        int i = 0;
        if (SegmentSimd(x.Length))
        {
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float xr = ref MemoryMarshal.GetReference(x);
            Vector256<float> vm = Vector256.Create(mu), vs = Vector256.Create(s);
            Vector256<double> gLo = Vector256<double>.Zero, gHi = Vector256<double>.Zero, pLo = Vector256<double>.Zero, pHi = Vector256<double>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var product = gv * ((Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vs);
                gLo += Vector256.WidenLower(gv);
                gHi += Vector256.WidenUpper(gv);
                pLo += Vector256.WidenLower(product);
                pHi += Vector256.WidenUpper(product);
            }
            sumG += Vector256.Sum(gLo + gHi);
            sumGxHat += Vector256.Sum(pLo + pHi);
        }
        for (; i < x.Length; i++)
        {
            sumG += g[i];
            sumGxHat += g[i] * ((x[i] - mu) * s);
        }
        return (sumG, sumGxHat);
    }

    // gx += k·(g - mean(g) - x̂·mean(g·x̂)) over a segment.
    private static void InputGradientSegment(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gx, float mu, float s, float k, float mg, float mgx)
    {
        int i = 0;
        if (SegmentSimd(x.Length))
        {
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(gx);
            Vector256<float> vm = Vector256.Create(mu), vs = Vector256.Create(s), vk = Vector256.Create(k), vg = Vector256.Create(mg), vgx = Vector256.Create(mgx);
            for (; i + 8 <= x.Length; i += 8)
            {
                var xHat = (Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vs;
                var d = Vector256.LoadUnsafe(ref gr, (nuint)i) - vg - xHat * vgx;
                (Vector256.LoadUnsafe(ref dr, (nuint)i) + vk * d).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            float xHat = (x[i] - mu) * s;
            gx[i] += k * (g[i] - mg - xHat * mgx);
        }
    }

    // sum[c] += x[n, c] for channels [0, cv), rows in order.
    private static void AddRows(float[] x, int rows, int channels, int cv, double[] sum)
    {
        ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref double sr = ref MemoryMarshal.GetArrayDataReference(sum);
        for (int n = 0; n < rows; n++)
        {
            nuint row = (nuint)(n * channels);
            for (nuint c = 0; c < (nuint)cv; c += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, row + c);
                (Vector256.LoadUnsafe(ref sr, c) + Vector256.WidenLower(v)).StoreUnsafe(ref sr, c);
                (Vector256.LoadUnsafe(ref sr, c + 4) + Vector256.WidenUpper(v)).StoreUnsafe(ref sr, c + 4);
            }
        }
    }

    // sq[c] += (x[n, c] - mean[c])² in float64 for channels [0, cv), rows in order.
    private static void AddSquaredDeviationRows(float[] x, int rows, int channels, int cv, double[] mean, double[] sq)
    {
        ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref double mr = ref MemoryMarshal.GetArrayDataReference(mean);
        ref double qr = ref MemoryMarshal.GetArrayDataReference(sq);
        for (int n = 0; n < rows; n++)
        {
            nuint row = (nuint)(n * channels);
            for (nuint c = 0; c < (nuint)cv; c += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, row + c);
                var lo = Vector256.WidenLower(v) - Vector256.LoadUnsafe(ref mr, c);
                var hi = Vector256.WidenUpper(v) - Vector256.LoadUnsafe(ref mr, c + 4);
                (Vector256.LoadUnsafe(ref qr, c) + lo * lo).StoreUnsafe(ref qr, c);
                (Vector256.LoadUnsafe(ref qr, c + 4) + hi * hi).StoreUnsafe(ref qr, c + 4);
            }
        }
    }

    // dst = (x - μ)·s·w + b for channels [0, cv) of [N, C] rows, in the scalar loop's order of operations.
    private static void NormalizeRows(float[] src, float[] dst, int rows, int channels, int cv, float[] mean, float[] invStd, float[]? w, float[]? b)
    {
        ref float xr = ref MemoryMarshal.GetArrayDataReference(src);
        ref float dr = ref MemoryMarshal.GetArrayDataReference(dst);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(mean);
        ref float sr = ref MemoryMarshal.GetArrayDataReference(invStd);
        for (int n = 0; n < rows; n++)
        {
            nuint row = (nuint)(n * channels);
            for (nuint c = 0; c < (nuint)cv; c += 8)
            {
                var y = (Vector256.LoadUnsafe(ref xr, row + c) - Vector256.LoadUnsafe(ref mr, c)) * Vector256.LoadUnsafe(ref sr, c);
                y *= w is null ? Vector256<float>.One : Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(w), c);
                y += b is null ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(b), c);
                y.StoreUnsafe(ref dr, row + c);
            }
        }
    }

    private sealed class BatchNormNode(Tensor x, Tensor? weight, Tensor? bias, float[] mean, float[] invStd, int inner, bool training)
        : Node(x, weight)
    {
        private Tensor? Weight => B;

        internal override Tensor[]? More => bias is null ? null : [bias];

        // With x̂ = (x - μ)/σ and ĝ = g·w: dbias = Σ g, dweight = Σ g·x̂, and
        // dx = ĝ/σ in evaluation; dx = (ĝ - mean(ĝ) - x̂·mean(ĝ·x̂))/σ in training, where μ and σ depend on x.
        internal override void Backward(Tensor grad)
        {
            var xt = A!;
            int channels = mean.Length, blocks = xt.Numel / Math.Max(1, channels * inner);
            double m = (double)blocks * inner;
            float[]? gx = xt.RequiresGrad ? xt.GradData() : null;
            float[] g = grad.Data, xd = xt.Data;
            float[]? wd = Weight?.Data;
            var sg = new double[channels];
            var sgx = new double[channels];
            int cv = VectorChannels(channels, inner);
            if (cv > 0) AddGradientRows(g, xd, blocks, channels, cv, mean, invStd, sg, sgx);
            for (int n = 0; n < blocks; n++)
            {
                for (int c = cv; c < channels; c++)
                {
                    int start = (n * channels + c) * inner;
                    (sg[c], sgx[c]) = AddGradientSegment(g.AsSpan(start, inner), xd.AsSpan(start, inner), mean[c], invStd[c], sg[c], sgx[c]);
                }
            }
            if (Weight is { RequiresGrad: true })
            {
                var gw = Weight.GradData();
                for (int c = 0; c < channels; c++) gw[c] += (float)sgx[c];
            }
            if (bias is { RequiresGrad: true })
            {
                var gb = bias.GradData();
                for (int c = 0; c < channels; c++) gb[c] += (float)sg[c];
            }
            if (gx is null) return;
            var scale = new float[channels];
            var meanG = new float[channels];
            var meanGx = new float[channels];
            for (int c = 0; c < channels; c++)
            {
                scale[c] = (wd?[c] ?? 1f) * invStd[c];
                meanG[c] = training ? (float)(sg[c] / m) : 0f;
                meanGx[c] = training ? (float)(sgx[c] / m) : 0f;
            }
            if (cv > 0) InputGradientRows(g, xd, gx, blocks, channels, cv, mean, invStd, scale, meanG, meanGx);
            for (int n = 0; n < blocks; n++)
            {
                for (int c = cv; c < channels; c++)
                {
                    int start = (n * channels + c) * inner;
                    InputGradientSegment(g.AsSpan(start, inner), xd.AsSpan(start, inner), gx.AsSpan(start, inner), mean[c], invStd[c], scale[c], meanG[c], meanGx[c]);
                }
            }
        }

        // sg[c] += g and sgx[c] += g·x̂ (the product in float32, as the scalar loop) for channels [0, cv), rows in order.
        private static void AddGradientRows(float[] g, float[] x, int rows, int channels, int cv, float[] mean, float[] invStd, double[] sg, double[] sgx)
        {
            ref float gr = ref MemoryMarshal.GetArrayDataReference(g);
            ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref float mr = ref MemoryMarshal.GetArrayDataReference(mean);
            ref float sr = ref MemoryMarshal.GetArrayDataReference(invStd);
            ref double ar = ref MemoryMarshal.GetArrayDataReference(sg);
            ref double br = ref MemoryMarshal.GetArrayDataReference(sgx);
            for (int n = 0; n < rows; n++)
            {
                nuint row = (nuint)(n * channels);
                for (nuint c = 0; c < (nuint)cv; c += 8)
                {
                    var gv = Vector256.LoadUnsafe(ref gr, row + c);
                    var gxHat = gv * ((Vector256.LoadUnsafe(ref xr, row + c) - Vector256.LoadUnsafe(ref mr, c)) * Vector256.LoadUnsafe(ref sr, c));
                    (Vector256.LoadUnsafe(ref ar, c) + Vector256.WidenLower(gv)).StoreUnsafe(ref ar, c);
                    (Vector256.LoadUnsafe(ref ar, c + 4) + Vector256.WidenUpper(gv)).StoreUnsafe(ref ar, c + 4);
                    (Vector256.LoadUnsafe(ref br, c) + Vector256.WidenLower(gxHat)).StoreUnsafe(ref br, c);
                    (Vector256.LoadUnsafe(ref br, c + 4) + Vector256.WidenUpper(gxHat)).StoreUnsafe(ref br, c + 4);
                }
            }
        }

        // gx += k·(g - mean(g) - x̂·mean(g·x̂)) for channels [0, cv), in the scalar loop's order of operations.
        private static void InputGradientRows(float[] g, float[] x, float[] gx, int rows, int channels, int cv,
            float[] mean, float[] invStd, float[] scale, float[] meanG, float[] meanGx)
        {
            ref float gr = ref MemoryMarshal.GetArrayDataReference(g);
            ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref float dr = ref MemoryMarshal.GetArrayDataReference(gx);
            ref float mr = ref MemoryMarshal.GetArrayDataReference(mean);
            ref float sr = ref MemoryMarshal.GetArrayDataReference(invStd);
            ref float kr = ref MemoryMarshal.GetArrayDataReference(scale);
            ref float gm = ref MemoryMarshal.GetArrayDataReference(meanG);
            ref float gxm = ref MemoryMarshal.GetArrayDataReference(meanGx);
            for (int n = 0; n < rows; n++)
            {
                nuint row = (nuint)(n * channels);
                for (nuint c = 0; c < (nuint)cv; c += 8)
                {
                    var xHat = (Vector256.LoadUnsafe(ref xr, row + c) - Vector256.LoadUnsafe(ref mr, c)) * Vector256.LoadUnsafe(ref sr, c);
                    var d = Vector256.LoadUnsafe(ref gr, row + c) - Vector256.LoadUnsafe(ref gm, c) - xHat * Vector256.LoadUnsafe(ref gxm, c);
                    (Vector256.LoadUnsafe(ref dr, row + c) + Vector256.LoadUnsafe(ref kr, c) * d).StoreUnsafe(ref dr, row + c);
                }
            }
        }
    }
}
