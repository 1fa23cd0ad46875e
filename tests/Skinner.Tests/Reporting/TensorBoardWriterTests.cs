using Skinner.Reporting.Logging;

namespace Skinner.Tests.Reporting;

public sealed class TensorBoardWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-tb").FullName;
    private readonly ManualTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void FileIsNamedLikeTensorFlowsAndStartsWithTheFileVersionEvent()
    {
        string path;
        using (var tb = new TensorBoardWriter(_dir, _time, "host1")) path = tb.FilePath;
        Assert.Equal("events.out.tfevents.1700000000.host1", Path.GetFileName(path));
        var records = TfEventReader.Records(File.ReadAllBytes(path));
        var ev = TfEventReader.Fields(Assert.Single(records));
        Assert.Equal(1_700_000_000.25, TfEventReader.Single(ev, 1).AsDouble);
        Assert.Equal("brain.Event:2", TfEventReader.Single(ev, 3).AsString);
    }

    [Fact]
    public void ScalarEventHasTheHandComputedBytes()
    {
        string path;
        using (var tb = new TensorBoardWriter(_dir, _time, "h"))
        {
            tb.Write(3, 1.5, "a", 2.0);
            path = tb.FilePath;
        }
        byte[] expected =
        [
            0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F,   // wall_time = 1.5 (field 1, fixed64)
            0x10, 0x03,                           // step = 3 (field 2, varint)
            0x2A, 0x0A,                           // summary (field 5), 10 bytes
            0x0A, 0x08,                           //   value (field 1), 8 bytes
            0x0A, 0x01, (byte)'a',                //     tag = "a"
            0x15, 0, 0, 0, 0x40,                  //     simple_value = 2f (field 2, fixed32)
        ];
        Assert.Equal(expected, TfEventReader.Records(File.ReadAllBytes(path))[1]);
    }

    [Fact]
    public void ScalarsReadBackRecordByRecord()
    {
        var points = new List<(long Step, string Tag, double Value)>
        {
            (0, "charts/episodic_return", 9.5),
            (1, "losses/td_loss", -0.125),
            (300, "charts/sps", 1234.5),
            (5_000_000_000L, new string('x', 200), 3e-8),   // a tag longer than 127 bytes needs a two-byte length
            (-7, "negative/step", float.MaxValue),
        };
        string path;
        using (var tb = new TensorBoardWriter(_dir, _time, "h"))
        {
            foreach (var (step, tag, value) in points)
            {
                _time.Now = _time.Now.AddSeconds(1);
                tb.AddScalar(tag, value, step);
            }
            path = tb.FilePath;
        }
        var records = TfEventReader.Records(File.ReadAllBytes(path));
        Assert.Equal(points.Count + 1, records.Count);
        for (int i = 0; i < points.Count; i++)
        {
            var (wall, step, tag, value) = TfEventReader.Scalar(records[i + 1]);
            Assert.Equal(1_700_000_000.25 + i + 1, wall);
            Assert.Equal(points[i].Step, step);
            Assert.Equal(points[i].Tag, tag);
            Assert.Equal((float)points[i].Value, value);
        }
    }

    [Fact]
    public void FlushMakesEventsVisibleToAReaderWhileTheFileIsOpen()
    {
        using var tb = new TensorBoardWriter(_dir, _time, "h");
        tb.AddScalar("x", 1, 1);
        tb.Flush();
        using var stream = new FileStream(tb.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(2, TfEventReader.Records(copy.ToArray()).Count);
    }

    [Fact]
    public void TwoWritersInTheSameSecondGetTwoFiles()
    {
        using var a = new TensorBoardWriter(_dir, _time, "h");
        using var b = new TensorBoardWriter(_dir, _time, "h");
        Assert.NotEqual(a.FilePath, b.FilePath);
        Assert.StartsWith(a.FilePath, b.FilePath, StringComparison.Ordinal);
    }
}
