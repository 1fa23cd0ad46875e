using System.Text.Json;

namespace Skinner.Tests;

/// <summary>
/// Every environment golden file, one row per file, dispatched on the file's <c>format</c> to the check
/// registered for it (<see cref="EnvGoldenChecks"/>). A file whose format no check knows fails.
/// </summary>
[Trait("Category", "Golden")]
public class EnvGoldenTests
{
    /// <summary>The files of envs/ and of the optional envs/numpy1_legacy/, keyed by a short name.</summary>
    private static Dictionary<string, string> Paths()
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string f in GoldenData.Files("envs")) paths.Add(Path.GetFileName(f), f);
        foreach (string f in GoldenData.OptionalFiles("envs/numpy1_legacy")) paths.Add("numpy1_legacy/" + Path.GetFileName(f), f);
        return paths;
    }

    /// <summary>One row per file; the row names the file (short, so that test runners show it whole).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string name in Paths().Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_is_reproduced(string file)
    {
        string path = Paths()[file];
        using var doc = GoldenData.Load(path);
        var root = doc.RootElement;
        Assert.True(root.TryGetProperty("format", out var formatElement) && formatElement.ValueKind == JsonValueKind.String,
            $"{path} has no string 'format' field.");
        string format = formatElement.GetString()!;
        var check = EnvGoldenChecks.Find(format);
        Assert.True(check is not null, $"{path}: no golden check is registered for format '{format}'.");
        check(root);
    }
}
