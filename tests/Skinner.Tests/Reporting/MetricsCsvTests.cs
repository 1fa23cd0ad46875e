using Skinner.Reporting.Logging;

namespace Skinner.Tests.Reporting;

public sealed class MetricsCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-metrics").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void ReadsEachMetricWhereItHasValues()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        File.WriteAllText(path, "step,wall_time,r,l\n5,1.5,2.5,\n6,2,,Infinity\n7,3,-1,4\n");
        var table = MetricsCsv.Read(path);
        Assert.Equal(["r", "l"], table.Series.Select(s => s.Name));
        Assert.Equal([5L, 7], table["r"].Steps);
        Assert.Equal([2.5, -1], table["r"].Values);
        Assert.Equal([1.5, 3], table["r"].WallTimes);
        Assert.Equal([double.PositiveInfinity, 4], table["l"].Values);
        Assert.True(table.Contains("l"));
        var ex = Assert.Throws<KeyNotFoundException>(() => table["q"]);
        Assert.Contains("r, l", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadCellNamesItsLine()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        File.WriteAllText(path, "step,wall_time,r\n1,1,2\n2,2,oops\n");
        var ex = Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(path));
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }
}
