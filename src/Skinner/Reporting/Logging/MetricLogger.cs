namespace Skinner.Reporting.Logging;

/// <summary>Which files <see cref="MetricLogger.Create"/> writes, and how often it flushes them.</summary>
public sealed record MetricLoggerOptions
{
    /// <summary>Write <c>metrics.csv</c>.</summary>
    public bool Csv { get; init; } = true;

    /// <summary>Write <c>metrics.jsonl</c>.</summary>
    public bool Jsonl { get; init; }

    /// <summary>Write a TensorBoard event file in the run directory.</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>How often buffered points are flushed to the files.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for wall times and flushing; the system clock by default.</summary>
    public TimeProvider? Time { get; init; }
}

/// <summary>
/// The one place training code reports numbers: <see cref="Log"/> takes (step, name, value) and hands the point
/// to every sink (CSV, JSON lines, TensorBoard). A call costs a lock and a buffered write; the files are flushed
/// by a timer every <see cref="MetricLoggerOptions.FlushInterval"/>, on <see cref="Flush"/> and on dispose.
/// Safe to call from several threads (A3C workers).
/// </summary>
public sealed class MetricLogger : IDisposable
{
    /// <summary>The CSV file name in a run directory.</summary>
    public const string CsvFileName = "metrics.csv";

    /// <summary>The JSON lines file name in a run directory.</summary>
    public const string JsonlFileName = "metrics.jsonl";

    private readonly IMetricSink[] _sinks;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (long Step, double Value)> _latest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ITimer? _timer;
    private bool _disposed;

    /// <summary>Fans out to <paramref name="sinks"/>, which the logger then owns and disposes.</summary>
    public MetricLogger(IEnumerable<IMetricSink> sinks, TimeProvider? time = null, TimeSpan? flushInterval = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = [.. sinks];
        _time = time ?? TimeProvider.System;
        TimeSpan interval = flushInterval ?? TimeSpan.FromSeconds(5);
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(flushInterval), interval, "The flush interval must be positive.");
        _timer = _sinks.Length == 0 ? null : _time.CreateTimer(_ => FlushQuietly(), null, interval, interval);
    }

    /// <summary>A logger writing <c>metrics.csv</c>, optionally <c>metrics.jsonl</c>, and TensorBoard events into
    /// <paramref name="runDirectory"/> (created if needed).</summary>
    public static MetricLogger Create(string runDirectory, MetricLoggerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        options ??= new MetricLoggerOptions();
        Directory.CreateDirectory(runDirectory);
        var sinks = new List<IMetricSink>();
        try
        {
            if (options.Csv) sinks.Add(new CsvMetricSink(Path.Combine(runDirectory, CsvFileName)));
            if (options.Jsonl) sinks.Add(new JsonlMetricSink(Path.Combine(runDirectory, JsonlFileName)));
            if (options.TensorBoard) sinks.Add(new TensorBoardWriter(runDirectory, options.Time));
        }
        catch
        {
            foreach (var s in sinks) s.Dispose();
            throw;
        }
        return new MetricLogger(sinks, options.Time, options.FlushInterval);
    }

    /// <summary>Records <paramref name="value"/> of metric <paramref name="name"/> (e.g.
    /// <see cref="MetricNames.EpisodicReturn"/>) at global step <paramref name="step"/>.</summary>
    public void Log(long step, string name, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        double wallTime = TensorBoardWriter.UnixSeconds(_time);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _latest[name] = (step, value);
            foreach (var sink in _sinks) sink.Write(step, wallTime, name, value);
        }
    }

    /// <summary>The last value logged for <paramref name="name"/>, for progress lines.</summary>
    public bool TryGetLatest(string name, out double value)
    {
        lock (_lock)
        {
            bool found = _latest.TryGetValue(name, out var entry);
            value = entry.Value;
            return found;
        }
    }

    /// <summary>Flushes every sink now.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed) return;
            foreach (var sink in _sinks) sink.Flush();
        }
    }

    /// <summary>Flushes and closes every sink.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var sink in _sinks) sink.Dispose();
        }
    }

    private void FlushQuietly()
    {
        // A timer callback must not throw; a full disk shows up again at the next Flush or Dispose.
        try { Flush(); }
        catch (IOException) { }
    }
}
