using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>
/// Runs the MinAtar golden checks file by file (one row per game), and shows that they fail when a
/// recorded value is changed.
/// </summary>
public class MinAtarGoldenTests
{
    // Rows are file names, so a failure names the game; the path is looked up again in the test.
    public static TheoryData<string> Files() => [.. MinAtarFiles().Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Files))]
    public void ReproducesGoldenFile(string file)
    {
        using var doc = GoldenData.Load(PathOf(file));
        Check(doc.RootElement);
    }

    public static TheoryData<string, string> Perturbations()
    {
        var data = new TheoryData<string, string>();
        foreach (string path in MinAtarFiles())
        {
            var reduced = JsonNode.Parse(Reduced(path))!;
            foreach (string kind in s_kinds)
                if (Perturb(reduced.DeepClone(), kind) is not null) data.Add(Path.GetFileName(path), kind);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Perturbations))]
    public void FailsWhenARecordedValueIsWrong(string file, string kind)
    {
        // The cut-down file passes unchanged: its episode is one of the file's, which ReproducesGoldenFile checks.
        var changed = Perturb(JsonNode.Parse(Reduced(PathOf(file)))!, kind)!;
        using var bad = JsonDocument.Parse(changed.ToJsonString());
        Assert.ThrowsAny<XunitException>(() => Check(bad.RootElement));
    }

    private static readonly string[] s_kinds =
        ["reward", "terminal", "state", "initial", "sticky_u", "effective_action", "game_rng_words", "reset_rng_words", "obs_sample", "final_obs", "initial_obs", "final_difficulty_ramp"];

    private static readonly Dictionary<string, string> s_reduced = [];

    private static List<string> MinAtarFiles()
    {
        var files = new List<string>();
        foreach (string path in GoldenData.Files("envs"))
        {
            using var doc = GoldenData.Load(path);
            if (IsMinAtar(doc.RootElement)) files.Add(path);
        }
        return files;
    }

    private static string PathOf(string file) =>
        GoldenData.Files("envs").Single(p => Path.GetFileName(p) == file);

    // The file with only its longest episode, so that each perturbation is checked quickly.
    private static string Reduced(string path)
    {
        lock (s_reduced)
        {
            if (s_reduced.TryGetValue(path, out string? json)) return json;
            using var doc = GoldenData.Load(path);
            var root = JsonNode.Parse(doc.RootElement.GetRawText())!;
            var episodes = root["episodes"]!.AsArray();
            var longest = episodes.OrderByDescending(e => e!["actions"]!.AsArray().Count).First()!.DeepClone();
            root["episodes"] = new JsonArray(longest);
            return s_reduced[path] = root.ToJsonString();
        }
    }

    private static bool IsMinAtar(JsonElement root) =>
        root.TryGetProperty("format", out var f) && f.GetString() is MinAtarGoldenChecks.Format or MinAtarGoldenChecks.BreakoutFormat;

    private static void Check(JsonElement root)
    {
        var check = EnvGoldenChecks.Find(root.GetProperty("format").GetString()!);
        Assert.NotNull(check);
        check(root);
    }

    // Changes one recorded value in the middle of the (only) episode; null when there is nothing of that kind.
    private static JsonNode? Perturb(JsonNode root, string kind)
    {
        var episode = root["episodes"]![0]!;
        int t = episode["actions"]!.AsArray().Count / 2;
        switch (kind)
        {
            case "reward": episode["rewards"]![t] = episode["rewards"]![t]!.GetValue<int>() + 1; break;
            case "terminal": episode["terminal"]![t] = !episode["terminal"]![t]!.GetValue<bool>(); break;
            case "state": Bump(episode["states"]![t]!.AsArray(), 0); break;
            case "initial": Bump(episode["initial"]!.AsArray(), 1); break;
            case "sticky_u": episode["sticky_u"]![t] = episode["sticky_u"]![t]!.GetValue<double>() * (1 + 1e-15) + 1e-300; break;
            case "effective_action": episode["effective_actions"]![t] = (episode["effective_actions"]![t]!.GetValue<int>() + 1) % 6; break;
            case "game_rng_words" when episode["game_rng_words"] is JsonArray w: w[t] = w[t]!.GetValue<int>() + 1; break;
            case "reset_rng_words" when episode["reset_rng_words"] is JsonNode n: episode["reset_rng_words"] = n.GetValue<int>() + 1; break;
            case "obs_sample" when episode["obs_samples"] is JsonArray s && s.Count > 0: FlipFirstCell(s[s.Count / 2]![1]!.AsArray()); break;
            case "final_obs": FlipFirstCell(episode["final_obs"]!.AsArray()); break;
            case "initial_obs": FlipFirstCell(episode["initial_obs"]!.AsArray()); break;
            case "final_difficulty_ramp" when episode["final_difficulty_ramp"] is JsonNode r: episode["final_difficulty_ramp"] = r.GetValue<int>() + 1; break;
            case "final_difficulty_ramp" when episode.AsObject().ContainsKey("final_difficulty_ramp"): episode["final_difficulty_ramp"] = 0; break;
            default: return null;
        }
        return root;
    }

    // Changes the first integer item of a snapshot at or after index i.
    private static void Bump(JsonArray snapshot, int i)
    {
        for (; i < snapshot.Count; i++)
        {
            if (snapshot[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                snapshot[i] = v.GetValue<int>() + 1;
                return;
            }
        }
        throw new InvalidOperationException("The snapshot has no integer to change.");
    }

    private static void FlipFirstCell(JsonArray channels)
    {
        string s = channels[0]!.GetValue<string>();
        channels[0] = (s[0] == '1' ? "0" : "1") + s[1..];
    }
}
