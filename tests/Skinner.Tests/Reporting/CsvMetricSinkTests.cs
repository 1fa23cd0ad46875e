using Skinner.Reporting.Logging;

namespace Skinner.Tests.Reporting;

public sealed class CsvMetricSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-csv").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Path1 => Path.Combine(_dir, "metrics.csv");

    [Fact]
    public void PointsAtOneStepShareARowAndALateMetricWidensTheHeader()
    {
        using (var csv = new CsvMetricSink(Path1))
        {
            csv.Write(10, 100.5, "charts/episodic_return", 12);
            csv.Write(10, 100.5, "charts/episodic_length", 12);
            csv.Write(10, 100.6, "charts/episodic_return", 9);      // a repeat at the same step: a new row
            csv.Write(20, 101, "charts/episodic_return", 0.1);
            csv.Flush();                                            // rows are on disk with the narrow header
            Assert.StartsWith("step,wall_time,charts/episodic_return,charts/episodic_length\n", File.ReadAllText(Path1), StringComparison.Ordinal);
            csv.Write(30, 102, "losses/td_loss", double.NaN);
            csv.Write(30, 102, "charts/episodic_length", 3);
        }
        string expected =
            "step,wall_time,charts/episodic_return,charts/episodic_length,losses/td_loss\n" +
            "10,100.500,12,12,\n" +
            "10,100.600,9,,\n" +
            "20,101.000,0.1,,\n" +
            "30,102.000,,3,NaN\n";
        Assert.Equal(expected, File.ReadAllText(Path1));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AnExistingFileIsContinuedWithItsColumns()
    {
        using (var csv = new CsvMetricSink(Path1))
        {
            csv.Write(1, 1, "a", 1);
            csv.Write(1, 1, "b", 2);
        }
        using (var csv = new CsvMetricSink(Path1))
        {
            Assert.Equal(["a", "b"], csv.Names);
            csv.Write(2, 2, "b", 5);
        }
        Assert.Equal("step,wall_time,a,b\n1,1.000,1,2\n2,2.000,,5\n", File.ReadAllText(Path1));
    }

    [Fact]
    public void NamesWithCommasAreQuotedAndReadBack()
    {
        using (var csv = new CsvMetricSink(Path1)) csv.Write(1, 1, "odd,\"name\"", 4);
        Assert.StartsWith("step,wall_time,\"odd,\"\"name\"\"\"\n", File.ReadAllText(Path1), StringComparison.Ordinal);
        Assert.Equal([4.0], MetricsCsv.Read(Path1)["odd,\"name\""].Values);
    }

    [Fact]
    public void AFileThatIsNotAMetricsFileIsRefusedWithTheFix()
    {
        File.WriteAllText(Path1, "x,y\n1,2\n");
        var ex = Assert.Throws<InvalidDataException>(() => new CsvMetricSink(Path1));
        Assert.Contains("another run directory", ex.Message, StringComparison.Ordinal);
    }
}
