using System.IO.Compression;
using System.Text.Json;

namespace Skinner.Tests;

/// <summary>
/// Finds golden files. By default the repository's compressed copy (tests/golden, copied next to the test
/// assembly); when SKINNER_GOLDEN names a folder, every plain <c>*.json</c> in its <c>nn/</c> or <c>envs/</c>
/// instead, so the same tests can be run against data they have not seen.
/// </summary>
public static class GoldenData
{
    /// <summary>The environment variable that redirects the tests to another set of golden files.</summary>
    public const string Variable = "SKINNER_GOLDEN";

    /// <summary>Every golden file of a kind folder ("nn" or "envs"), top level only, sorted.</summary>
    public static IReadOnlyList<string> Files(string folder)
    {
        string? external = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(external))
        {
            string dir = Path.Combine(external, folder);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{Variable}={external} has no '{folder}' folder ({dir}).");
            return [.. Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)];
        }
        string local = Path.Combine(AppContext.BaseDirectory, "golden", folder);
        if (!Directory.Exists(local)) throw new DirectoryNotFoundException($"The repository's golden copy is missing: {local}.");
        return [.. Directory.GetFiles(local, "*.json.gz").Order(StringComparer.Ordinal)];
    }

    /// <summary>Golden files in a subfolder (e.g. envs/numpy1_legacy); empty when it does not exist (it is optional).</summary>
    public static IReadOnlyList<string> OptionalFiles(string folder)
    {
        string? external = Environment.GetEnvironmentVariable(Variable);
        string dir = !string.IsNullOrEmpty(external) ? Path.Combine(external, folder) : Path.Combine(AppContext.BaseDirectory, "golden", folder);
        if (!Directory.Exists(dir)) return [];
        string pattern = !string.IsNullOrEmpty(external) ? "*.json" : "*.json.gz";
        return [.. Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal)];
    }

    /// <summary>A file's name without .json / .json.gz, for display and theory data.</summary>
    public static string Name(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        if (name.EndsWith(".json", StringComparison.Ordinal)) name = name[..^5];
        return name;
    }

    /// <summary>Parses a golden file (plain or gzip). A file that cannot be read throws.</summary>
    public static JsonDocument Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
    }
}
