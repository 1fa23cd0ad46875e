using System.Text.Json;
using Skinner.Reporting.Logging;

namespace Skinner.Tests.Reporting;

public sealed class JsonlMetricSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-jsonl").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void OneObjectPerLineWithNonFiniteValuesAsNamedStrings()
    {
        string path = Path.Combine(_dir, "m.jsonl");
        using (var sink = new JsonlMetricSink(path))
        {
            sink.Write(1, 10.25, "charts/episodic_return", 3.5);
            sink.Write(2, 11, "losses/\"q\"", double.NaN);
            sink.Write(3, 12, "x", double.NegativeInfinity);
        }
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"step\":1,\"wall_time\":10.25,\"name\":\"charts/episodic_return\",\"value\":3.5}", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("losses/\"q\"", second.RootElement.GetProperty("name").GetString());
        Assert.Equal("NaN", second.RootElement.GetProperty("value").GetString());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal("-Infinity", third.RootElement.GetProperty("value").GetString());
    }
}
