using System.Runtime.InteropServices;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>
/// Proportional prioritised replay (Schaul et al. 2016): transition i is sampled with probability
/// p_i^α / Σ p^α, where p_i = |δ_i| + ε, and the update is weighted by (N·P(i))^-β / max_j w_j.
/// A sum tree gives O(log N) sampling and updates; a min tree gives the largest weight.
/// New transitions get the largest priority seen so far, so each is replayed at least once soon.
/// </summary>
public sealed class PrioritizedReplayBuffer : ReplayBuffer
{
    private readonly int _leaves;
    private readonly double[] _sum;
    private readonly double[] _min;
    private double _maxPriority = 1.0;

    /// <summary>Creates the buffer.</summary>
    public PrioritizedReplayBuffer(int capacity, int observationSize, int actionSize, double gamma, double alpha = 0.6, double epsilon = 1e-6)
        : base(capacity, observationSize, actionSize, gamma)
    {
        if (alpha < 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be non-negative (0 means uniform).");
        if (epsilon <= 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive so every transition can be sampled.");
        Alpha = alpha;
        Epsilon = epsilon;
        _leaves = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _sum = new double[2 * _leaves];
        _min = new double[2 * _leaves];
        Array.Fill(_min, double.PositiveInfinity);
    }

    /// <summary>Priority exponent.</summary>
    public double Alpha { get; }

    /// <summary>Added to |δ| so that no priority is zero.</summary>
    public double Epsilon { get; }

    /// <summary>Importance-sampling exponent for the next samples (anneal it towards 1).</summary>
    public double Beta { get; set; } = 0.4;

    /// <summary>Total of all priorities^α.</summary>
    public double TotalPriority => _sum[1];

    /// <inheritdoc />
    protected override void OnAdded(int index) => SetLeaf(index, Math.Pow(_maxPriority, Alpha));

    /// <summary>Stratified proportional sampling: one draw in each of <paramref name="batchSize"/> equal slices of the total.</summary>
    public override ReplayBatch Sample(int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var batch = PrepareBatch(batchSize);
        double total = _sum[1];
        double segment = total / batchSize;
        double minProbability = _min[1] / total;
        double maxWeight = Math.Pow(Count * minProbability, -Beta);
        for (int b = 0; b < batchSize; b++)
        {
            double mass = (b + rng.NextDouble()) * segment;
            int i = Find(mass);
            batch.Indices[b] = i;
            double p = _sum[_leaves + i] / total;
            batch.Weights[b] = (float)(Math.Pow(Count * p, -Beta) / maxWeight);
        }
        Gather(batch);
        return batch;
    }

    /// <summary>Sets new priorities from the TD errors of the sampled transitions.</summary>
    public void UpdatePriorities(ReadOnlySpan<int> indices, ReadOnlySpan<float> tdErrors)
    {
        if (indices.Length != tdErrors.Length) throw new ArgumentException("indices and tdErrors differ in length.");
        for (int k = 0; k < indices.Length; k++)
        {
            if (!float.IsFinite(tdErrors[k])) throw new ArgumentException($"TD error {tdErrors[k]} at position {k} is not finite: the loss diverged.");
            double p = Math.Abs(tdErrors[k]) + Epsilon;
            _maxPriority = Math.Max(_maxPriority, p);
            SetLeaf(indices[k], Math.Pow(p, Alpha));
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, float[] Data)> StateArrays()
    {
        foreach (var a in base.StateArrays()) yield return a;
        // The priorities are doubles; they travel bit for bit as pairs of floats, so that a resumed run
        // samples exactly what the uninterrupted one would.
        var pri = new double[Capacity + 1];
        Array.Copy(_sum, _leaves, pri, 0, Capacity);
        pri[Capacity] = _maxPriority;
        yield return ("priorities", MemoryMarshal.Cast<double, float>(pri).ToArray());
    }

    /// <summary>Restores the priorities saved by <see cref="StateArrays"/>.</summary>
    public void RestorePriorities(ReadOnlySpan<float> savedBits)
    {
        var saved = MemoryMarshal.Cast<float, double>(savedBits);
        if (saved.Length != Capacity + 1) throw new ArgumentException($"Saved priorities have {saved.Length} entries; expected {Capacity + 1}.");
        Array.Clear(_sum);
        Array.Fill(_min, double.PositiveInfinity);
        for (int i = 0; i < Count; i++) SetLeaf(i, saved[i]);
        _maxPriority = saved[Capacity];
    }

    private void SetLeaf(int index, double value)
    {
        int node = _leaves + index;
        _sum[node] = value;
        _min[node] = value;
        for (node /= 2; node >= 1; node /= 2)
        {
            _sum[node] = _sum[2 * node] + _sum[2 * node + 1];
            _min[node] = Math.Min(_min[2 * node], _min[2 * node + 1]);
        }
    }

    // Walks down from the root to the leaf whose cumulative range contains `mass`.
    private int Find(double mass)
    {
        int node = 1;
        while (node < _leaves)
        {
            int left = 2 * node;
            if (mass < _sum[left] || _sum[left + 1] == 0) node = left;
            else
            {
                mass -= _sum[left];
                node = left + 1;
            }
        }
        return Math.Min(node - _leaves, Count - 1);
    }
}
