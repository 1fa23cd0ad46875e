using System.Diagnostics;

namespace Skinner.Envs.Wrappers;

/// <summary>
/// Tracks the return and length of the running episode and, on the step that ends it, adds an
/// <see cref="EpisodeStatistics"/> to the step's info under <see cref="InfoKey"/>, as Gymnasium's
/// <c>RecordEpisodeStatistics</c>. The last <see cref="BufferLength"/> episodes stay in queues.
/// </summary>
public sealed class RecordEpisodeStatistics : Wrapper
{
    /// <summary>The info key of the episode summary.</summary>
    public const string InfoKey = "episode";

    private readonly Queue<double> _returns = new();
    private readonly Queue<int> _lengths = new();
    private readonly Queue<double> _times = new();
    private double _return;
    private int _length;
    private long _startTicks;

    /// <summary>Wraps <paramref name="env"/>, keeping the last <paramref name="bufferLength"/> episodes.</summary>
    public RecordEpisodeStatistics(IEnv env, int bufferLength = 100)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        BufferLength = bufferLength;
    }

    /// <summary>How many recent episodes the queues keep.</summary>
    public int BufferLength { get; }

    /// <summary>Episodes finished since the wrapper was made.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>The returns of the most recent episodes, oldest first.</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returns;

    /// <summary>The lengths of the most recent episodes, oldest first.</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengths;

    /// <summary>The durations in seconds of the most recent episodes, oldest first.</summary>
    public IReadOnlyCollection<double> TimeQueue => _times;

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        _return = 0;
        _length = 0;
        _startTicks = Stopwatch.GetTimestamp();
        return r;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        _return += r.Reward;
        _length++;
        if (!r.Done) return r;

        var stats = new EpisodeStatistics(_return, _length, Stopwatch.GetElapsedTime(_startTicks).TotalSeconds);
        Push(_returns, stats.Return);
        Push(_lengths, stats.Length);
        Push(_times, stats.Time);
        EpisodeCount++;
        // A new Info, so that the inner environment's own dictionary is never changed behind its back.
        var info = r.Info is null ? new Info() : Copy(r.Info);
        info[InfoKey] = stats;
        return r with { Info = info };
    }

    private void Push<T>(Queue<T> queue, T value)
    {
        if (queue.Count == BufferLength) queue.Dequeue();
        queue.Enqueue(value);
    }

    private static Info Copy(Info source)
    {
        var info = new Info();
        foreach (var (k, v) in source) info[k] = v;
        return info;
    }
}
