using System.Globalization;
using System.Text;

namespace Skinner.Reporting.Logging;

/// <summary>
/// Writes <c>metrics.csv</c> in wide form: a header <c>step,wall_time,NAME...</c> with one column per metric in
/// the order the metrics first appear, then one row per logged point. Values logged at the same step share a
/// row until a metric repeats or the step changes; a cell is empty where that metric was not logged.
/// </summary>
/// <remarks>
/// When a metric first appears after rows were written (a loss that starts once learning starts), the file is
/// rewritten atomically with the wider header and the old rows padded with empty cells. That happens once per
/// metric name, so the cost is bounded by the number of names, and the file on disk is always a valid table.
/// Opening an existing file continues it (a resumed run), keeping its columns.
/// </remarks>
public sealed class CsvMetricSink : IMetricSink
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private double[] _pending = new double[16];
    private bool[] _has = new bool[16];
    private bool _hasPending;
    private long _pendingStep;
    private double _pendingWallTime;
    private int _headerColumns = -1;   // metric columns in the file's header; -1: no header yet
    private StreamWriter _writer;
    private readonly StringBuilder _row = new();

    /// <summary>Opens (or continues) the CSV file at <paramref name="path"/>.</summary>
    public CsvMetricSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        if (File.Exists(FilePath) && new FileInfo(FilePath).Length > 0) ReadExistingHeader();
        _writer = OpenAppend();
    }

    /// <summary>The CSV file.</summary>
    public string FilePath { get; }

    /// <summary>Metric names in column order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <inheritdoc/>
    public void Write(long step, double wallTime, string name, double value)
    {
        if (!_index.TryGetValue(name, out int column)) column = AddColumn(name);
        if (_hasPending && (step != _pendingStep || _has[column])) EmitPending();
        if (!_hasPending)
        {
            _hasPending = true;
            _pendingStep = step;
            _pendingWallTime = wallTime;
        }
        _pending[column] = value;
        _has[column] = true;
    }

    /// <summary>Writes the row being filled and flushes the buffer to the file.</summary>
    public void Flush()
    {
        if (_hasPending) EmitPending();
        _writer.Flush();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        Flush();
        _writer.Dispose();
    }

    private int AddColumn(string name)
    {
        if (!_index.TryAdd(name, _names.Count)) throw new InvalidDataException($"{FilePath} has the column '{name}' twice.");
        _names.Add(name);
        if (_names.Count > _pending.Length)
        {
            Array.Resize(ref _pending, _names.Count * 2);
            Array.Resize(ref _has, _names.Count * 2);
        }
        return _names.Count - 1;
    }

    private void EmitPending()
    {
        if (_names.Count > _headerColumns) WidenHeader();
        _row.Clear();
        _row.Append(_pendingStep.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(_pendingWallTime.ToString("F3", CultureInfo.InvariantCulture));
        for (int i = 0; i < _headerColumns; i++)
        {
            _row.Append(',');
            if (_has[i]) _row.Append(CsvText.Number(_pending[i]));
            _has[i] = false;
        }
        _writer.Write(_row.Append('\n'));
        _hasPending = false;
    }

    private string HeaderLine() => "step,wall_time" + string.Concat(_names.Select(n => "," + CsvText.Quote(n))) + "\n";

    private void WidenHeader()
    {
        if (_headerColumns < 0)
        {
            _writer.Write(HeaderLine());
        }
        else
        {
            _writer.Dispose();
            string padding = new(',', _names.Count - _headerColumns);
            AtomicFile.Write(FilePath, stream =>
            {
                using var output = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                using var input = new StreamReader(FilePath, Encoding.UTF8);
                input.ReadLine();
                output.Write(HeaderLine());
                for (string? line = input.ReadLine(); line is not null; line = input.ReadLine())
                {
                    output.Write(line);
                    output.Write(padding);
                    output.Write('\n');
                }
            });
            _writer = OpenAppend();
        }
        _headerColumns = _names.Count;
    }

    private void ReadExistingHeader()
    {
        using var reader = new StreamReader(FilePath, Encoding.UTF8);
        var header = CsvText.Split(reader.ReadLine() ?? "");
        if (header.Count < 2 || header[0] != "step" || header[1] != "wall_time")
            throw new InvalidDataException($"{FilePath} is not a metrics file (its header does not start with 'step,wall_time'); move it away or pick another run directory.");
        foreach (string name in header.Skip(2)) AddColumn(name);
        _headerColumns = _names.Count;
    }

    private StreamWriter OpenAppend() =>
        new(new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false), 1 << 16);
}
