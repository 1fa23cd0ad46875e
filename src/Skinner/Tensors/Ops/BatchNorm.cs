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
        for (int c = 0; c < channels; c++)
        {
            if (training)
            {
                var (mu, variance) = ChannelMoments(x.Data, channels, inner, c);
                mean[c] = (float)mu;
                invStd[c] = (float)(1.0 / Math.Sqrt(variance + eps));
                if (runningMean is not null) runningMean.Data[c] = (float)((1.0 - momentum) * runningMean.Data[c] + momentum * mu);
                if (runningVar is not null) runningVar.Data[c] = (float)((1.0 - momentum) * runningVar.Data[c] + momentum * variance * m / (m - 1));
            }
            else
            {
                mean[c] = runningMean!.Data[c];
                invStd[c] = 1f / MathF.Sqrt(runningVar!.Data[c] + eps);
            }
        }
        var output = Empty(x.Shape, x.Numel);
        int blocks = x.Numel / Math.Max(1, channels * inner);
        for (int n = 0; n < blocks; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                float w = weight?.Data[c] ?? 1f, b = bias?.Data[c] ?? 0f, mu = mean[c], s = invStd[c];
                int start = (n * channels + c) * inner;
                var src = x.Data.AsSpan(start, inner);
                var dst = output.Data.AsSpan(start, inner);
                for (int i = 0; i < inner; i++) dst[i] = (src[i] - mu) * s * w + b;
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

    // Mean and biased variance of channel c, accumulated in float64 (two passes: no cancellation).
    private static (double Mean, double Variance) ChannelMoments(float[] x, int channels, int inner, int c)
    {
        int blocks = x.Length / (channels * inner);
        double sum = 0;
        for (int n = 0; n < blocks; n++)
        {
            int start = (n * channels + c) * inner;
            for (int i = 0; i < inner; i++) sum += x[start + i];
        }
        double m = (double)blocks * inner, mean = sum / m, sq = 0;
        for (int n = 0; n < blocks; n++)
        {
            int start = (n * channels + c) * inner;
            for (int i = 0; i < inner; i++)
            {
                double d = x[start + i] - mean;
                sq += d * d;
            }
        }
        return (mean, sq / m);
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
            for (int c = 0; c < channels; c++)
            {
                float mu = mean[c], s = invStd[c], w = Weight?.Data[c] ?? 1f;
                double sg = 0, sgx = 0;
                for (int n = 0; n < blocks; n++)
                {
                    int start = (n * channels + c) * inner;
                    for (int i = 0; i < inner; i++)
                    {
                        float g = grad.Data[start + i];
                        sg += g;
                        sgx += g * ((xt.Data[start + i] - mu) * s);
                    }
                }
                if (Weight is { RequiresGrad: true }) Weight.GradData()[c] += (float)sgx;
                if (bias is { RequiresGrad: true }) bias.GradData()[c] += (float)sg;
                if (gx is null) continue;
                float scale = w * s;
                float meanG = training ? (float)(sg / m) : 0f, meanGx = training ? (float)(sgx / m) : 0f;
                for (int n = 0; n < blocks; n++)
                {
                    int start = (n * channels + c) * inner;
                    for (int i = 0; i < inner; i++)
                    {
                        float xHat = (xt.Data[start + i] - mu) * s;
                        gx[start + i] += scale * (grad.Data[start + i] - meanG - xHat * meanGx);
                    }
                }
            }
        }
    }
}
