using System.Diagnostics;
using Skinner.Envs.Wrappers;

namespace Skinner.Envs.Vector;

/// <summary>
/// Episode returns and lengths for a vector environment, the counterpart of
/// <see cref="RecordEpisodeStatistics"/> for environments that carry no infos (such as
/// <see cref="CartPoleVectorEnv"/>). Call <see cref="Restart"/> after <c>Reset</c> and
/// <see cref="Update"/> after every <c>Step</c>; it follows either autoreset mode.
/// </summary>
public sealed class VectorEpisodeStatistics
{
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly long[] _starts;
    private readonly Queue<double> _returnQueue = new();
    private readonly Queue<int> _lengthQueue = new();
    private readonly List<(int Env, EpisodeStatistics Episode)> _finished = [];

    /// <summary>Tracks <paramref name="numEnvs"/> environments, keeping the last <paramref name="bufferLength"/> episodes.</summary>
    public VectorEpisodeStatistics(int numEnvs, int bufferLength = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        BufferLength = bufferLength;
        _returns = new double[numEnvs];
        _lengths = new int[numEnvs];
        _starts = new long[numEnvs];
        Restart();
    }

    /// <summary>How many recent episodes the queues keep.</summary>
    public int BufferLength { get; }

    /// <summary>Episodes finished so far, over every environment.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>The returns of the most recent episodes, in the order they ended.</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returnQueue;

    /// <summary>The lengths of the most recent episodes, in the order they ended.</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengthQueue;

    /// <summary>Starts every environment's episode afresh (call after the vector environment's Reset).</summary>
    public void Restart()
    {
        Array.Clear(_returns);
        Array.Clear(_lengths);
        Array.Fill(_starts, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Accounts for the last step of <paramref name="env"/> and returns the episodes that ended on it, by
    /// environment index, in index order. The list is reused by the next call.
    /// </summary>
    public IReadOnlyList<(int Env, EpisodeStatistics Episode)> Update(IVectorEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.NumEnvs != _returns.Length)
            throw new ArgumentException($"These statistics track {_returns.Length} environments; the vector environment has {env.NumEnvs}.", nameof(env));
        _finished.Clear();
        for (int i = 0; i < _returns.Length; i++)
        {
            // A next-step autoreset is the start of an episode, not a transition: nothing to count.
            if (env.Autoreset[i])
            {
                Start(i);
                continue;
            }
            _returns[i] += env.Rewards[i];
            _lengths[i]++;
            if (!env.Terminated[i] && !env.Truncated[i]) continue;
            var episode = new EpisodeStatistics(_returns[i], _lengths[i], Stopwatch.GetElapsedTime(_starts[i]).TotalSeconds);
            _finished.Add((i, episode));
            Push(episode);
            Start(i);
        }
        return _finished;
    }

    private void Start(int i)
    {
        _returns[i] = 0;
        _lengths[i] = 0;
        _starts[i] = Stopwatch.GetTimestamp();
    }

    private void Push(EpisodeStatistics episode)
    {
        EpisodeCount++;
        if (_returnQueue.Count == BufferLength)
        {
            _returnQueue.Dequeue();
            _lengthQueue.Dequeue();
        }
        _returnQueue.Enqueue(episode.Return);
        _lengthQueue.Enqueue(episode.Length);
    }
}
