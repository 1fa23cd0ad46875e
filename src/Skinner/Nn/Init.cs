using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// Weight initialisers. Each fills a tensor in place from an explicit <see cref="Rng"/>, so that the same
/// seed gives the same network. Fan-in is the product of every dim but the first (<c>in</c> for a Linear
/// weight <c>[out, in]</c>, <c>in·k·k</c> for a Conv2d weight <c>[out, in, k, k]</c>).
/// </summary>
public static class Init
{
    /// <summary>The fan-in of a weight: the product of every dim but the first.</summary>
    public static int FanIn(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank < 2) throw new ArgumentException($"Fan-in needs a weight of rank 2 or more; got {weight}.", nameof(weight));
        int f = 1;
        for (int i = 1; i < weight.Rank; i++) f *= weight.Shape[i];
        return f;
    }

    /// <summary>Fills <paramref name="t"/> with U(low, high).</summary>
    public static void Uniform(Tensor t, float low, float high, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(low <= high)) throw new ArgumentException($"Uniform({low}, {high}): low must not exceed high.", nameof(low));
        var d = t.Data;
        for (int i = 0; i < d.Length; i++) d[i] = (float)rng.Uniform(low, high);
    }

    /// <summary>
    /// PyTorch's default for <c>nn.Linear</c> and <c>nn.Conv2d</c> (kaiming_uniform with a = √5): weight and
    /// bias both U(-1/√fan_in, 1/√fan_in).
    /// </summary>
    public static void PyTorchDefault(Tensor weight, Tensor? bias, Rng rng)
    {
        float bound = 1f / MathF.Sqrt(FanIn(weight));
        Uniform(weight, -bound, bound, rng);
        if (bias is not null) Uniform(bias, -bound, bound, rng);
    }

    /// <summary>Fan-in uniform (DDPG's hidden layers): U(-1/√f, 1/√f) with f the fan-in of <paramref name="weight"/>, for weight and bias.</summary>
    public static void FanInUniform(Tensor weight, Tensor? bias, Rng rng) => PyTorchDefault(weight, bias, rng);

    /// <summary>Small uniform for final layers (DDPG: U(-3e-3, 3e-3)), for weight and bias.</summary>
    public static void SmallUniform(Tensor weight, Tensor? bias, Rng rng, float bound = 3e-3f)
    {
        Uniform(weight, -bound, bound, rng);
        if (bias is not null) Uniform(bias, -bound, bound, rng);
    }

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static void Constant(Tensor t, float value)
    {
        ArgumentNullException.ThrowIfNull(t);
        Array.Fill(t.Data, value);
    }

    /// <summary>Fills with zeros (biases under orthogonal initialisation, as in PPO).</summary>
    public static void Zeros(Tensor t) => Constant(t, 0f);

    /// <summary>
    /// Orthogonal initialisation (Saxe et al.; PPO uses gain √2 for hidden layers, 0.01 for the policy head,
    /// 1 for the value head): the weight viewed as <c>[rows, fan_in]</c> gets orthonormal rows (or columns,
    /// whichever are fewer), times <paramref name="gain"/>. Drawn as PyTorch does: QR of a standard normal
    /// matrix with the signs fixed by R's diagonal, here by modified Gram-Schmidt in float64.
    /// </summary>
    public static void Orthogonal(Tensor weight, Rng rng, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int rows = weight.Shape[0], cols = FanIn(weight);
        // Work on the tall orientation: n vectors of length len, n <= len.
        bool transpose = rows < cols;
        int n = transpose ? rows : cols, len = transpose ? cols : rows;
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            q[j] = new double[len];
            for (int i = 0; i < len; i++) q[j][i] = rng.NextNormal();
        }
        for (int j = 0; j < n; j++)
        {
            // Two passes of projection keep the result orthogonal to rounding.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < len; i++) dot += q[j][i] * q[p][i];
                    for (int i = 0; i < len; i++) q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < len; i++) norm += q[j][i] * q[j][i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < len; i++) q[j][i] /= norm;
        }
        var w = weight.Data;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++) w[r * cols + c] = (float)(gain * (transpose ? q[r][c] : q[c][r]));
        }
    }
}
