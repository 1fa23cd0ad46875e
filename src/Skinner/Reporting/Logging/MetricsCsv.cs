using System.Globalization;

namespace Skinner.Reporting.Logging;

/// <summary>One metric read back from <c>metrics.csv</c>: the rows where it has a value.</summary>
public sealed record MetricSeries(string Name, long[] Steps, double[] WallTimes, double[] Values);

/// <summary>Every metric of a <c>metrics.csv</c>, in column order.</summary>
public sealed class MetricTable
{
    private readonly Dictionary<string, MetricSeries> _byName;

    internal MetricTable(IReadOnlyList<MetricSeries> series)
    {
        Series = series;
        _byName = series.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The metrics in column order.</summary>
    public IReadOnlyList<MetricSeries> Series { get; }

    /// <summary>True if the file has a column <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The metric <paramref name="name"/>; throws naming the metrics the file has if it is missing.</summary>
    public MetricSeries this[string name] => _byName.TryGetValue(name, out var s) ? s
        : throw new KeyNotFoundException($"No metric '{name}' in the file; it has: {string.Join(", ", _byName.Keys)}.");
}

/// <summary>Reads the files that <see cref="CsvMetricSink"/> writes.</summary>
public static class MetricsCsv
{
    /// <summary>Reads <paramref name="path"/>; bad numbers are reported with their line.</summary>
    public static MetricTable Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = CsvText.Split(reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty."));
        if (header.Count < 2 || header[0] != "step" || header[1] != "wall_time")
            throw new InvalidDataException($"{path} does not start with 'step,wall_time'; it is not a metrics file.");
        int n = header.Count - 2;
        var steps = new List<long>[n];
        var times = new List<double>[n];
        var values = new List<double>[n];
        for (int i = 0; i < n; i++) (steps[i], times[i], values[i]) = ([], [], []);
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = CsvText.Split(line);
            long step = long.Parse(cells[0], CultureInfo.InvariantCulture);
            double time = Parse(cells[1], path, lineNumber);
            for (int i = 0; i < n && i + 2 < cells.Count; i++)
            {
                if (cells[i + 2].Length == 0) continue;
                steps[i].Add(step);
                times[i].Add(time);
                values[i].Add(Parse(cells[i + 2], path, lineNumber));
            }
        }
        return new MetricTable([.. Enumerable.Range(0, n).Select(i =>
            new MetricSeries(header[i + 2], [.. steps[i]], [.. times[i]], [.. values[i]]))]);
    }

    private static double Parse(string cell, string path, int line) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new InvalidDataException($"{path} line {line}: '{cell}' is not a number.");
}
