namespace Skinner.Reporting.Logging;

/// <summary>
/// Writes scalars to a TensorBoard event file <c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;</c> in
/// <see cref="LogDirectory"/>: TFRecord-framed <c>Event</c> protocol buffers, the first holding the file version
/// <c>brain.Event:2</c>, the rest one scalar summary each. The file is appended to as training runs (an event
/// log cannot be written atomically as a whole), through a buffer that <see cref="Flush"/> empties.
/// </summary>
public sealed class TensorBoardWriter : IMetricSink
{
    // Field numbers of tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto.
    private const int EventWallTime = 1, EventStep = 2, EventFileVersion = 3, EventSummary = 5;
    private const int SummaryValue = 1, ValueTag = 1, ValueSimpleValue = 2;

    private readonly FileStream _stream;
    private readonly ProtoWriter _proto = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the directory if needed and starts a new event file in it.</summary>
    /// <param name="logDirectory">Where TensorBoard's <c>--logdir</c> will point (or a folder below it).</param>
    /// <param name="time">Clock for wall times; the system clock by default.</param>
    /// <param name="hostName">Host name in the file name; the machine name by default.</param>
    public TensorBoardWriter(string logDirectory, TimeProvider? time = null, string? hostName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        _time = time ?? TimeProvider.System;
        LogDirectory = Path.GetFullPath(logDirectory);
        Directory.CreateDirectory(LogDirectory);
        string host = hostName ?? Environment.MachineName;
        if (host.Length == 0) host = "localhost";
        long seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        string name = $"events.out.tfevents.{seconds}.{host}";
        FilePath = Path.Combine(LogDirectory, name);
        // Two writers started in the same second in the same folder must not share a file.
        for (int n = 1; File.Exists(FilePath); n++) FilePath = Path.Combine(LogDirectory, $"{name}.{n}");
        _stream = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);

        _proto.Double(EventWallTime, UnixSeconds(_time));
        _proto.String(EventFileVersion, "brain.Event:2");
        TfRecordWriter.Write(_stream, _proto.Written);
        Flush();
    }

    /// <summary>The folder holding the event file.</summary>
    public string LogDirectory { get; }

    /// <summary>The event file.</summary>
    public string FilePath { get; }

    /// <summary>Appends a scalar with the current wall time. TensorBoard stores scalars as 32-bit floats.</summary>
    public void AddScalar(string tag, double value, long step) => Write(step, UnixSeconds(_time), tag, value);

    /// <inheritdoc/>
    public void Write(long step, double wallTime, string name, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _proto.Clear();
        _proto.Double(EventWallTime, wallTime);
        if (step != 0) _proto.Int64(EventStep, step);   // proto3 leaves zero out
        int summary = _proto.BeginMessage(EventSummary);
        int entry = _proto.BeginMessage(SummaryValue);
        _proto.String(ValueTag, name);
        _proto.Float(ValueSimpleValue, (float)value);
        _proto.EndMessage(entry);
        _proto.EndMessage(summary);
        TfRecordWriter.Write(_stream, _proto.Written);
    }

    /// <inheritdoc/>
    public void Flush() => _stream.Flush();

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    internal static double UnixSeconds(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
