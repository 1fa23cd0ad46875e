using Skinner.Tensors;

namespace Skinner.Nn.Distributions;

/// <summary>
/// A categorical distribution over the last dim of a logits tensor <c>[..., K]</c> (one distribution per leading
/// index; usually <c>[B, K]</c> from a policy head), as PyTorch's <c>Categorical(logits=...)</c>. Log-probabilities
/// and entropy are composed from differentiable ops, so gradients flow back to the logits.
/// </summary>
public sealed class Categorical
{
    private Tensor? _probs;

    /// <summary>Creates the distribution from unnormalised log-probabilities (any real values).</summary>
    public Categorical(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank == 0 || logits.Shape[^1] == 0)
            throw new ArgumentException($"Categorical needs logits [..., K] with K ≥ 1 categories; got {logits}.", nameof(logits));
        Logits = logits.LogSoftmax(-1);
        BatchShape = logits.Shape[..^1];
    }

    /// <summary>Normalised log-probabilities <c>logits - logsumexp(logits)</c>, same shape as the input.</summary>
    public Tensor Logits { get; }

    /// <summary>Probabilities (softmax of the logits), same shape as the input; computed on first use.</summary>
    public Tensor Probs => _probs ??= Logits.Exp();

    /// <summary>The shape of one sample: the logits' shape without the last dim.</summary>
    public int[] BatchShape { get; }

    /// <summary>Number of categories K.</summary>
    public int NumCategories => Logits.Shape[^1];

    /// <summary>
    /// log p(<paramref name="actions"/>), one value per distribution: <paramref name="actions"/> has the
    /// <see cref="BatchShape"/> (e.g. <c>[B]</c>) and values in [0, K); the result has the same shape.
    /// </summary>
    public Tensor LogProb(IntTensor actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!actions.Shape.AsSpan().SequenceEqual(BatchShape))
            throw new ArgumentException($"Categorical.LogProb: actions {actions} must have the batch shape [{string.Join(", ", BatchShape)}] of the logits {Logits}.", nameof(actions));
        var index = actions.Reshape([.. BatchShape, 1]);
        return Logits.Gather(-1, index).Squeeze(-1);
    }

    /// <summary>
    /// Entropy -Σ p·ln p of each distribution, shape <see cref="BatchShape"/>. A category masked out with a
    /// logit of -∞ counts 0 (its ln p is clamped to the lowest float, so 0·ln p is 0 rather than NaN).
    /// </summary>
    public Tensor Entropy() => (Probs * Logits.Clamp(min: float.MinValue)).Sum(-1).Neg();

    /// <summary>
    /// Draws one category per distribution (inverse CDF on one uniform draw each, in row-major order), shape
    /// <see cref="BatchShape"/>. Not differentiable.
    /// </summary>
    public IntTensor Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int k = NumCategories, rows = Logits.Numel / k;
        var p = Probs.Data;
        var result = new int[rows];
        for (int r = 0; r < rows; r++) result[r] = SampleRow(p.AsSpan(r * k, k), rng);
        return new IntTensor(result, BatchShape);
    }

    /// <summary>
    /// One category drawn from the probabilities <paramref name="row"/> by inverse CDF on one uniform draw, skipping
    /// categories of probability 0.
    /// </summary>
    internal static int SampleRow(ReadOnlySpan<float> row, Rng rng)
    {
        double u = rng.NextDouble(), cumulative = 0;
        int lastPositive = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (row[j] <= 0f) continue;
            lastPositive = j;
            cumulative += row[j];
            if (u < cumulative) return j;
        }
        // Rounding can leave the total just under 1: u above it belongs to the last possible category.
        return lastPositive;
    }

    /// <summary>The most probable category of each distribution (the first on ties), shape <see cref="BatchShape"/>.</summary>
    public IntTensor Mode() => Logits.Argmax(-1);
}
