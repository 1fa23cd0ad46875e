using Skinner.Reporting.Logging;

namespace Skinner.Tests.Reporting;

public sealed class MetricLoggerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-logger").FullName;
    private readonly ManualTime _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void EveryPointReachesCsvJsonlAndTensorBoardWithTheSameWallTime()
    {
        using (var log = MetricLogger.Create(_dir, new MetricLoggerOptions { Jsonl = true, Time = _time }))
        {
            log.Log(100, MetricNames.EpisodicReturn, 21);
            _time.Now = _time.Now.AddSeconds(2);
            log.Log(200, MetricNames.TdLoss, 0.5);
            Assert.True(log.TryGetLatest(MetricNames.TdLoss, out double latest));
            Assert.Equal(0.5, latest);
            Assert.False(log.TryGetLatest(MetricNames.ActorLoss, out _));
        }
        var table = MetricsCsv.Read(Path.Combine(_dir, MetricLogger.CsvFileName));
        Assert.Equal([100L], table[MetricNames.EpisodicReturn].Steps);
        Assert.Equal([1_800_000_002.0], table[MetricNames.TdLoss].WallTimes);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, MetricLogger.JsonlFileName)).Length);
        string events = Assert.Single(Directory.GetFiles(_dir, "events.out.tfevents.*"));
        var records = TfEventReader.Records(File.ReadAllBytes(events));
        Assert.Equal(3, records.Count);
        Assert.Equal((1_800_000_002.0, 200L, MetricNames.TdLoss, 0.5f), TfEventReader.Scalar(records[2]));
    }

    [Fact]
    public void ConcurrentLoggingLosesNoPoint()
    {
        const int Threads = 4, PerThread = 2000;
        using (var log = MetricLogger.Create(_dir, new MetricLoggerOptions { Time = _time }))
        {
            Parallel.For(0, Threads, t =>
            {
                for (int i = 0; i < PerThread; i++) log.Log(t * PerThread + i, $"worker{t}", i);
            });
        }
        var table = MetricsCsv.Read(Path.Combine(_dir, MetricLogger.CsvFileName));
        for (int t = 0; t < Threads; t++)
            Assert.Equal(Enumerable.Range(0, PerThread).Select(i => (double)i), table[$"worker{t}"].Values);
        string events = Assert.Single(Directory.GetFiles(_dir, "events.out.tfevents.*"));
        Assert.Equal(Threads * PerThread + 1, TfEventReader.Records(File.ReadAllBytes(events)).Count);
    }

    [Fact]
    public void TheTimerFlushesWithoutDispose()
    {
        using var log = MetricLogger.Create(_dir, new MetricLoggerOptions { TensorBoard = false, FlushInterval = TimeSpan.FromMilliseconds(50) });
        log.Log(1, "a", 1);
        string path = Path.Combine(_dir, MetricLogger.CsvFileName);
        string text = "";
        for (int i = 0; i < 500 && !text.Contains("1,", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(20);
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            text = new StreamReader(s).ReadToEnd();
        }
        Assert.StartsWith("step,wall_time,a\n1,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoggingAfterDisposeFailsClearly()
    {
        var log = MetricLogger.Create(_dir, new MetricLoggerOptions { Time = _time });
        log.Dispose();
        Assert.Throws<ObjectDisposedException>(() => log.Log(1, "a", 1));
    }
}
