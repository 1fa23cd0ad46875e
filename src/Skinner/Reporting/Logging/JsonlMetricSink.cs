using System.Text;
using System.Text.Json;

namespace Skinner.Reporting.Logging;

/// <summary>
/// Writes one JSON object per logged point and line: <c>{"step":N,"wall_time":T,"name":"...","value":V}</c>.
/// JSON has no NaN or infinity, so those values are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (what System.Text.Json reads with named floating-point literals allowed).
/// </summary>
public sealed class JsonlMetricSink : IMetricSink
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates or appends to the file at <paramref name="path"/>.</summary>
    public JsonlMetricSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The JSON lines file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public void Write(long step, double wallTime, string name, double value)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("step"u8, step);
        _json.WriteNumber("wall_time"u8, Math.Round(wallTime, 3));
        _json.WriteString("name"u8, name);
        if (double.IsFinite(value)) _json.WriteNumber("value"u8, value);
        else _json.WriteString("value"u8, CsvText.Number(value));
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
    }

    /// <inheritdoc/>
    public void Flush() => _stream.Flush();

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
