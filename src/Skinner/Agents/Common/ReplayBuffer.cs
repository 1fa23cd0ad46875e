using System.Runtime.Intrinsics.X86;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>
/// A sampled minibatch, in flat row-major arrays owned by the buffer and reused by the next
/// <see cref="ReplayBuffer.Sample"/> of the same size: copy what must outlive the update.
/// </summary>
/// <param name="Size">Number of transitions.</param>
/// <param name="Observations">Size × observation size.</param>
/// <param name="Actions">Size × action size (a discrete action is one float holding the index).</param>
/// <param name="Rewards">Size rewards (n-step discounted sums when transitions span several steps).</param>
/// <param name="NextObservations">Size × observation size: the observation to bootstrap from.</param>
/// <param name="Discounts">Size bootstrap factors: 0 after termination, γ^k after k steps otherwise.</param>
/// <param name="Indices">Size positions in the buffer (for priority updates).</param>
/// <param name="Weights">Size importance weights (all 1 for uniform sampling).</param>
public readonly record struct ReplayBatch(
    int Size, float[] Observations, float[] Actions, float[] Rewards, float[] NextObservations,
    float[] Discounts, int[] Indices, float[] Weights);

/// <summary>
/// Uniform experience replay in flat, preallocated arrays: no object per transition, no allocation
/// when sampling. When full, the oldest transition is overwritten.
/// </summary>
public class ReplayBuffer
{
    private readonly float[] _obs, _nextObs, _actions, _rewards, _discounts;
    private ReplayBatch _batch;

    /// <summary>Creates a buffer of <paramref name="capacity"/> transitions.</summary>
    public ReplayBuffer(int capacity, int observationSize, int actionSize, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionSize);
        if (gamma is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must lie in [0, 1].");
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        Gamma = gamma;
        _obs = new float[(long)capacity * observationSize];
        _nextObs = new float[(long)capacity * observationSize];
        _actions = new float[(long)capacity * actionSize];
        _rewards = new float[capacity];
        _discounts = new float[capacity];
    }

    /// <summary>Maximum number of transitions held.</summary>
    public int Capacity { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Discount used to turn step counts into bootstrap factors.</summary>
    public double Gamma { get; }

    /// <summary>Transitions currently held.</summary>
    public int Count { get; private set; }

    /// <summary>Where the next transition goes.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Stores a transition. <paramref name="terminated"/> stops bootstrapping; a truncated episode
    /// (time limit) must pass false here and the real final observation as <paramref name="nextObservation"/>.
    /// <paramref name="steps"/> is the number of environment steps the transition spans (n-step returns).
    /// </summary>
    public int Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, double reward,
        ReadOnlySpan<float> nextObservation, bool terminated, int steps = 1)
    {
        if (observation.Length != ObservationSize || nextObservation.Length != ObservationSize)
            throw new ArgumentException($"Observations must have {ObservationSize} floats; got {observation.Length} and {nextObservation.Length}.");
        if (action.Length != ActionSize)
            throw new ArgumentException($"Actions must have {ActionSize} floats; got {action.Length}.", nameof(action));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        int i = Position;
        observation.CopyTo(_obs.AsSpan(i * ObservationSize, ObservationSize));
        nextObservation.CopyTo(_nextObs.AsSpan(i * ObservationSize, ObservationSize));
        action.CopyTo(_actions.AsSpan(i * ActionSize, ActionSize));
        _rewards[i] = (float)reward;
        _discounts[i] = terminated ? 0f : (float)Math.Pow(Gamma, steps);
        Position = (Position + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        OnAdded(i);
        return i;
    }

    /// <summary>Samples <paramref name="batchSize"/> transitions uniformly, with replacement.</summary>
    public virtual ReplayBatch Sample(int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var batch = PrepareBatch(batchSize);
        for (int b = 0; b < batchSize; b++) batch.Indices[b] = rng.NextInt(Count);
        Gather(batch);
        return batch;
    }

    /// <summary>Called after a transition is stored at <paramref name="index"/>.</summary>
    protected virtual void OnAdded(int index)
    {
    }

    /// <summary>The reusable batch arrays for <paramref name="batchSize"/>, with weights reset to 1.</summary>
    protected ReplayBatch PrepareBatch(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (Count == 0) throw new InvalidOperationException("Cannot sample from an empty replay buffer: add transitions first (see learning_starts).");
        if (_batch.Size != batchSize)
        {
            _batch = new ReplayBatch(batchSize, new float[batchSize * ObservationSize], new float[batchSize * ActionSize],
                new float[batchSize], new float[batchSize * ObservationSize], new float[batchSize], new int[batchSize], new float[batchSize]);
        }
        Array.Fill(_batch.Weights, 1f);
        return _batch;
    }

    /// <summary>Copies the transitions at <c>batch.Indices</c> into the batch arrays.</summary>
    protected void Gather(ReplayBatch batch)
    {
        int o = ObservationSize, a = ActionSize;
        Prefetch(batch.Indices, batch.Size);
        for (int b = 0; b < batch.Size; b++)
        {
            int i = batch.Indices[b];
            _obs.AsSpan(i * o, o).CopyTo(batch.Observations.AsSpan(b * o, o));
            _nextObs.AsSpan(i * o, o).CopyTo(batch.NextObservations.AsSpan(b * o, o));
            _actions.AsSpan(i * a, a).CopyTo(batch.Actions.AsSpan(b * a, a));
            batch.Rewards[b] = _rewards[i];
            batch.Discounts[b] = _discounts[i];
        }
    }

    // Asks for every sampled row's cache lines before the copies: the rows are scattered over a buffer that the
    // training step's products keep pushing out of the core's caches, and copied one after another each waited
    // for its own misses (most of the 17 µs that a CleanRL DQN step spent in its own code, for a batch of 128).
    private unsafe void Prefetch(int[] indices, int count)
    {
        if (!Sse.IsSupported) return;
        int o = ObservationSize, a = ActionSize;
        fixed (float* obs = _obs, next = _nextObs, actions = _actions, rewards = _rewards, discounts = _discounts)
        {
            for (int b = 0; b < count; b++)
            {
                nint i = indices[b];
                Sse.Prefetch0(obs + i * o);
                Sse.Prefetch0(obs + i * o + o - 1);
                Sse.Prefetch0(next + i * o);
                Sse.Prefetch0(next + i * o + o - 1);
                Sse.Prefetch0(actions + i * a);
                Sse.Prefetch0(rewards + i);
                Sse.Prefetch0(discounts + i);
            }
        }
    }

    /// <summary>The stored arrays by name, for checkpoints (the buffer is optional in a checkpoint: it is large).</summary>
    public virtual IEnumerable<(string Name, float[] Data)> StateArrays()
    {
        yield return ("observations", _obs);
        yield return ("next_observations", _nextObs);
        yield return ("actions", _actions);
        yield return ("rewards", _rewards);
        yield return ("discounts", _discounts);
    }

    /// <summary>Restores the counters saved with <see cref="StateArrays"/> (the arrays are restored in place).</summary>
    public virtual void RestoreCounters(int count, int position)
    {
        if (count < 0 || count > Capacity || position < 0 || position >= Capacity)
            throw new ArgumentException($"Replay counters out of range: count {count}, position {position}, capacity {Capacity}.");
        Count = count;
        Position = position;
        OnRestored();
    }

    /// <summary>Called after counters and arrays were restored.</summary>
    protected virtual void OnRestored()
    {
    }
}
