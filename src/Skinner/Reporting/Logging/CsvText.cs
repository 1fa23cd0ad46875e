using System.Globalization;
using System.Text;

namespace Skinner.Reporting.Logging;

/// <summary>RFC 4180 fields: quoted only when they hold a comma, a quote or a line break.</summary>
internal static class CsvText
{
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Shortest text that parses back to the same double; <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>
    /// for the non-finite values (pandas and Python's <c>float()</c> read them).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Splits one line into fields, undoing the quoting of <see cref="Quote"/>.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
