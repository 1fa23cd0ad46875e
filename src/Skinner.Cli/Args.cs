namespace Skinner.Cli;

/// <summary>A usage error: the message names the problem and the fix; the tool exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Parsed command-line arguments: positionals in order, <c>--name value</c> options, <c>--flag</c>
/// switches and repeatable options (<c>--set k=v --set k2=v2</c>). Unknown options are errors.
/// </summary>
public sealed class Args
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private Args(List<string> positionals) => Positionals = positionals;

    /// <summary>Arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>
    /// Parses <paramref name="args"/>. <paramref name="valued"/> lists options that take a value,
    /// <paramref name="flags"/> the switches; anything else starting with <c>--</c> is an error.
    /// </summary>
    public static Args Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var positionals = new List<string>();
        var result = new Args(positionals);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                positionals.Add(a);
                continue;
            }
            string name = a[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0 && valued.Contains(name[..eq]))
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name))
            {
                result._flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                string value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"Option --{name} needs a value."));
                if (!result._options.TryGetValue(name, out var list)) result._options[name] = list = [];
                list.Add(value);
            }
            else
            {
                var known = valued.Concat(flags).Select(o => "--" + o);
                throw new UsageException($"Unknown option '{a}'. Options here: {string.Join(", ", known)}.");
            }
        }
        return result;
    }

    /// <summary>Whether the switch was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The last value of an option, or null.</summary>
    public string? Value(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v[^1] : null;
    }

    /// <summary>Every value of a repeatable option.</summary>
    public IReadOnlyList<string> Values(string name) => _options.TryGetValue(name, out var v) ? v : [];

    /// <summary>An integer option, with a clear error for a malformed value.</summary>
    public long? Long(string name)
    {
        string? v = Value(name);
        if (v is null) return null;
        if (long.TryParse(v.Replace("_", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n)) return n;
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        throw new UsageException($"--{name} needs a whole number; got '{v}'.");
    }
}
