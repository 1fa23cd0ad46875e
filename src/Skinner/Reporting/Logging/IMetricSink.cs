namespace Skinner.Reporting.Logging;

/// <summary>
/// A destination for logged points (CSV, JSON lines, TensorBoard). <see cref="MetricLogger"/> serialises calls,
/// so a sink need not be thread-safe. Writes should be buffered: <see cref="Flush"/> is called every few seconds.
/// </summary>
public interface IMetricSink : IDisposable
{
    /// <summary>Records <paramref name="value"/> of metric <paramref name="name"/> at global step
    /// <paramref name="step"/>; <paramref name="wallTime"/> is seconds since the Unix epoch.</summary>
    void Write(long step, double wallTime, string name, double value);

    /// <summary>Pushes buffered points to the file (not necessarily to the disk platter).</summary>
    void Flush();
}
