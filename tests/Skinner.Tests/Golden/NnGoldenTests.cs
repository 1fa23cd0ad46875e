using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skinner.Tests;

/// <summary>
/// Runs every case of every nn golden file through the check registered for its <c>attrs.op</c>
/// (<see cref="NnGoldenOps"/>). One theory row per file; every failing case is collected and reported
/// with its file, name and op. An op with no registered check fails.
/// </summary>
[Trait("Category", "Golden")]
public class NnGoldenTests
{
    /// <summary>Theory data: every file of <c>GoldenData.Files("nn")</c>, by name (e.g. <c>linear</c>).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string f in GoldenData.Files("nn")) data.Add(GoldenData.Name(f));
        return data;
    }

    /// <summary>The path of the golden file called <paramref name="name"/>.</summary>
    public static string PathOf(string name) =>
        GoldenData.Files("nn").FirstOrDefault(f => GoldenData.Name(f) == name)
        ?? throw new FileNotFoundException($"No nn golden file named '{name}'.");

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryCasePasses(string file)
    {
        string path = PathOf(file);
        using var doc = GoldenData.Load(path);
        var root = doc.RootElement;
        var failures = root.TryGetProperty("cases", out var cases)
            ? RunCases(GoldenData.Name(path), cases)
            : CheckIndex(path, root);
        Assert.True(failures.Count == 0, $"{GoldenData.Name(path)}: {failures.Count} failure(s):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void ThereAreGoldenFiles() => Assert.NotEmpty(GoldenData.Files("nn"));

    [Theory]
    [InlineData("outputs", "out")]
    [InlineData("grads", null)]
    public void APerturbedExpectedValueIsReported(string section, string? key)
    {
        var (file, original) = FirstCheckableCase(section, key);
        Assert.Empty(RunCases(file, Wrap(original)));

        var node = JsonNode.Parse(original.GetRawText())!;
        var tensors = node[section]!.AsObject();
        var data = tensors[key ?? tensors.First().Key]!["data"]!.AsArray();
        int i = data.Count / 2;
        double v = data[i]!.GetValue<double>();
        data[i] = v + 1e-2 * Math.Max(1, Math.Abs(v));
        var failures = RunCases(file, Wrap(node));
        Assert.Single(failures);
        Assert.Contains(new GoldenCase(original).Name, failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpWithoutACheckFails()
    {
        var (file, original) = FirstCheckableCase("outputs", "out");
        var node = JsonNode.Parse(original.GetRawText())!;
        node["attrs"]!["op"] = "no_such_op";
        var failures = RunCases(file, Wrap(node));
        Assert.Single(failures);
        Assert.Contains("no check registered for op 'no_such_op'", failures[0], StringComparison.Ordinal);
    }

    // The first case, in file order, whose op has a check and whose section holds an explicit tensor.
    private static (string File, JsonElement Case) FirstCheckableCase(string section, string? key)
    {
        foreach (string path in GoldenData.Files("nn"))
        {
            using var doc = GoldenData.Load(path);
            if (!doc.RootElement.TryGetProperty("cases", out var cases)) continue;
            foreach (var c in cases.EnumerateArray())
            {
                if (NnGoldenOps.Find(new GoldenCase(c).Op) is null || !c.TryGetProperty(section, out var s)) continue;
                var t = key is null ? s.EnumerateObject().Select(p => p.Value).FirstOrDefault() : s.TryGetProperty(key, out var k) ? k : default;
                if (t.ValueKind == JsonValueKind.Object && t.TryGetProperty("data", out _) && !t.TryGetProperty("dtype", out _))
                    return (GoldenData.Name(path), c.Clone());
            }
        }
        throw new InvalidOperationException("No golden case with a registered check and an explicit tensor.");
    }

    private static JsonElement Wrap(JsonElement c) => JsonDocument.Parse("[" + c.GetRawText() + "]").RootElement;

    private static JsonElement Wrap(JsonNode c) => JsonDocument.Parse("[" + c.ToJsonString() + "]").RootElement;

    /// <summary>Runs every case; returns one line per failing case.</summary>
    public static List<string> RunCases(string file, JsonElement cases)
    {
        var failures = new List<string>();
        int index = 0;
        foreach (var element in cases.EnumerateArray())
        {
            var c = new GoldenCase(element);
            string label = $"{file}[{index++}] {c.Name}";
            try
            {
                string op = c.Op;
                var check = NnGoldenOps.Find(op);
                if (check is null) failures.Add($"{label} (op {op}): no check registered for op '{op}'");
                else check(element);
            }
            catch (Exception e)
            {
                failures.Add($"{label}: {e.GetType().Name}: {e.Message}");
            }
        }
        if (index == 0) failures.Add($"{file}: no cases");
        return failures;
    }

    /// <summary>
    /// kinds.json lists every kind with its file, case count and ops: each listed file that is present in the
    /// same set must have that many cases and exactly those ops.
    /// </summary>
    private static List<string> CheckIndex(string path, JsonElement root)
    {
        var failures = new List<string>();
        if (!root.TryGetProperty("kinds", out var kinds))
        {
            failures.Add($"{path}: neither 'cases' nor a 'kinds' index");
            return failures;
        }
        var present = GoldenData.Files("nn").ToDictionary(GoldenData.Name, StringComparer.Ordinal);
        int found = 0;
        foreach (var k in kinds.EnumerateArray())
        {
            string file = GoldenData.Name(k.GetProperty("file").GetString() ?? "");
            if (!present.TryGetValue(file, out string? other)) continue;
            found++;
            using var doc = GoldenData.Load(other);
            var cases = doc.RootElement.GetProperty("cases");
            int expectedCount = k.GetProperty("cases").GetInt32();
            if (cases.GetArrayLength() != expectedCount)
                failures.Add($"{file}: {cases.GetArrayLength()} cases, the index says {expectedCount}");
            var ops = cases.EnumerateArray().Select(c => new GoldenCase(c).Op).ToHashSet(StringComparer.Ordinal);
            var listed = k.GetProperty("ops").EnumerateArray().Select(o => o.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
            if (!ops.SetEquals(listed))
                failures.Add($"{file}: ops [{string.Join(", ", ops.Order())}], the index lists [{string.Join(", ", listed.Order())}]");
        }
        if (found == 0) failures.Add($"{path}: none of the kinds it lists is present");
        return failures;
    }
}
