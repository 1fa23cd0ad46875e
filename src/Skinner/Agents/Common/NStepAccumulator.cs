namespace Skinner.Agents.Common;

/// <summary>
/// Turns one environment's stream of 1-step transitions into n-step transitions
/// <c>(s_t, a_t, Σ_{i&lt;k} γ^i r_{t+i}, s_{t+k}, terminated, k)</c>, k = n except at the end of an episode,
/// where the remaining ones are flushed with shorter k. With n = 1 it passes transitions through.
/// </summary>
public sealed class NStepAccumulator
{
    private readonly float[][] _obs, _actions;
    private readonly double[] _rewards;
    private int _start, _count;

    /// <summary>Creates an accumulator for <paramref name="n"/>-step returns.</summary>
    public NStepAccumulator(int n, int observationSize, int actionSize, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        N = n;
        Gamma = gamma;
        _obs = new float[n][];
        _actions = new float[n][];
        for (int i = 0; i < n; i++)
        {
            _obs[i] = new float[observationSize];
            _actions[i] = new float[actionSize];
        }
        _rewards = new double[n];
    }

    /// <summary>Steps per transition.</summary>
    public int N { get; }

    /// <summary>Discount.</summary>
    public double Gamma { get; }

    /// <summary>
    /// Records one step and stores every completed n-step transition with <paramref name="store"/>
    /// (obs, action, discounted reward, next obs, terminated, k). Pass <paramref name="episodeOver"/> when
    /// the episode terminated or was truncated: everything pending is flushed, bootstrapping from
    /// <paramref name="nextObservation"/> unless <paramref name="terminated"/>.
    /// </summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, double reward,
        ReadOnlySpan<float> nextObservation, bool terminated, bool episodeOver, TransitionSink store)
    {
        ArgumentNullException.ThrowIfNull(store);
        int slot = (_start + _count) % N;
        observation.CopyTo(_obs[slot]);
        action.CopyTo(_actions[slot]);
        _rewards[slot] = reward;
        _count++;
        if (_count == N) Emit(nextObservation, terminated, store);
        if (episodeOver)
        {
            while (_count > 0) Emit(nextObservation, terminated, store);
            _start = 0;
        }
    }

    // Emits the oldest pending step with the rewards of everything after it.
    private void Emit(ReadOnlySpan<float> nextObservation, bool terminated, TransitionSink store)
    {
        double g = 0;
        for (int i = _count - 1; i >= 0; i--) g = _rewards[(_start + i) % N] + Gamma * g;
        store(_obs[_start], _actions[_start], g, nextObservation, terminated, _count);
        _start = (_start + 1) % N;
        _count--;
    }
}

/// <summary>Receives a completed transition spanning <paramref name="steps"/> environment steps.</summary>
public delegate void TransitionSink(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, double reward,
    ReadOnlySpan<float> nextObservation, bool terminated, int steps);
