using System.Globalization;
using System.Reflection;
using System.Text;

namespace Skinner.Cli;

/// <summary>
/// Reads and writes an options record through its public properties, named in snake_case as in
/// rl-baselines3-zoo's files (<c>LearningRate</c> ⇄ <c>learning_rate</c>). The library's option records
/// stay plain (no reflection in the library); the tool binds them here.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The snake_case key of a PascalCase property name.</summary>
    public static string Key(string property)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < property.Length; i++)
        {
            char c = property[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(property[i - 1]) || char.IsDigit(property[i - 1])
                    || (i + 1 < property.Length && char.IsLower(property[i + 1]) && char.IsUpper(property[i - 1])));
                if (boundary) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The settable properties of <typeparamref name="T"/> by key.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties<T>() => Properties(typeof(T));

    /// <summary>The settable properties of a type by key.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .ToDictionary(p => Key(p.Name), StringComparer.Ordinal);

    /// <summary>
    /// A copy of <paramref name="options"/> with <paramref name="values"/> applied. An unknown key, a value
    /// of the wrong type, or one the record's own validation rejects, is an error that names the key and
    /// where it came from (<paramref name="source"/>: a file name, or <c>--set</c>).
    /// </summary>
    public static T Apply<T>(T options, IEnumerable<KeyValuePair<string, string>> values, string source) where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(values);
        var props = Properties(options.GetType());
        var clone = options.GetType().GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{options.GetType().Name} is not a record.");
        var copy = (T)clone.Invoke(options, null)!;
        foreach (var (key, raw) in values)
        {
            if (!props.TryGetValue(key, out var prop))
            {
                throw new UsageException($"Unknown hyperparameter '{key}' in {source}. Close matches: {string.Join(", ", CloseMatches(key, props.Keys))}. `skinner train ALGO --help` lists them all.");
            }
            object value = Parse(raw, prop.PropertyType, key, source);
            prop.SetValue(copy, value);
        }
        return copy;
    }

    /// <summary>Every property as key and invariant text, in declaration order (for config.yaml).</summary>
    public static IEnumerable<(string Key, string Value, Type Type)> Describe(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var p in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract"))
            yield return (Key(p.Name), Format(p.GetValue(options)), p.PropertyType);
    }

    /// <summary>Invariant text of a value as it would be written in YAML.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        int[] a => "[" + string.Join(", ", a) + "]",
        string s => s,
        _ => value.ToString() ?? "",
    };

    private static object Parse(string raw, Type type, string key, string source)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        string v = raw.Trim();
        var inv = CultureInfo.InvariantCulture;
        bool ok;
        object? result = null;
        if (t == typeof(int)) { ok = TryWhole(v, out long n) && n is >= int.MinValue and <= int.MaxValue; result = (int)n; }
        else if (t == typeof(long)) { ok = TryWhole(v, out long n); result = n; }
        else if (t == typeof(double)) { ok = double.TryParse(v, NumberStyles.Float, inv, out double d); result = d; }
        else if (t == typeof(float)) { ok = float.TryParse(v, NumberStyles.Float, inv, out float f); result = f; }
        else if (t == typeof(bool)) { ok = bool.TryParse(v, out bool b); result = b; }
        else if (t == typeof(string)) { ok = true; result = v; }
        else if (t.IsEnum)
        {
            var names = Enum.GetNames(t);
            string? match = names.FirstOrDefault(n => string.Equals(n, v.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            ok = match is not null;
            if (ok) result = Enum.Parse(t, match!);
            else throw new UsageException($"Hyperparameter '{key}' in {source} must be one of {string.Join(", ", names.Select(Key))}; got '{raw}'.");
        }
        else if (t == typeof(int[]))
        {
            var parts = v.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var arr = new int[parts.Length];
            ok = true;
            for (int i = 0; i < parts.Length && ok; i++) ok = int.TryParse(parts[i], NumberStyles.Integer, inv, out arr[i]);
            result = arr;
        }
        else throw new UsageException($"Hyperparameter '{key}' has a type ({t.Name}) that cannot be set from text.");
        if (!ok) throw new UsageException($"Hyperparameter '{key}' in {source} must be {Describe(t)}; got '{raw}'.");
        return result!;
    }

    private static bool TryWhole(string v, out long n)
    {
        var inv = CultureInfo.InvariantCulture;
        v = v.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(v, NumberStyles.Integer, inv, out n)) return true;
        if (double.TryParse(v, NumberStyles.Float, inv, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            n = (long)d;
            return true;
        }
        return false;
    }

    private static string Describe(Type t) =>
        t == typeof(int) || t == typeof(long) ? "a whole number"
        : t == typeof(double) || t == typeof(float) ? "a number"
        : t == typeof(bool) ? "true or false"
        : t == typeof(int[]) ? "a list of whole numbers such as [256, 256]"
        : t.Name;

    /// <summary>
    /// The three keys most like <paramref name="key"/>: first those it abbreviates (<c>lr</c> for
    /// <c>learning_rate</c>: the initials of its words; <c>ent</c> for <c>ent_coef</c>: a prefix), then by edit distance.
    /// </summary>
    public static IEnumerable<string> CloseMatches(string key, IEnumerable<string> keys)
    {
        string wanted = key.ToLowerInvariant();
        bool Abbreviates(string k) =>
            k.StartsWith(wanted, StringComparison.Ordinal)
            || string.Concat(k.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0])) == wanted;
        return keys.OrderBy(k => Abbreviates(k) ? 0 : 1).ThenBy(k => Distance(k, wanted)).ThenBy(k => k, StringComparer.Ordinal).Take(3);
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
