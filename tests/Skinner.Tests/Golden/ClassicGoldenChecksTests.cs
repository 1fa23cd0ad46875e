using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skinner.Tests;

/// <summary>
/// The classic-control golden check must be able to fail: each test changes one recorded value of a real
/// golden file in memory and expects the check to reject the file.
/// </summary>
public class ClassicGoldenChecksTests
{
    private static readonly Lazy<string> s_text = new(LoadSmallest);

    [Fact]
    public void The_unchanged_file_passes()
    {
        using var doc = JsonDocument.Parse(s_text.Value);
        ClassicGoldenChecks.Check(doc.RootElement);
    }

    [Theory]
    [InlineData("initial_state")]
    [InlineData("initial_obs")]
    [InlineData("states")]
    [InlineData("obs")]
    [InlineData("rewards")]
    [InlineData("terminated")]
    [InlineData("truncated")]
    [InlineData("return")]
    [InlineData("length")]
    public void A_changed_value_fails(string field)
    {
        var root = JsonNode.Parse(s_text.Value)!;
        var episode = root["episodes"]![0]!;
        Perturb(episode, field);
        using var doc = JsonDocument.Parse(root.ToJsonString());
        Assert.ThrowsAny<Exception>(() => ClassicGoldenChecks.Check(doc.RootElement));
    }

    [Fact]
    public void A_changed_time_limit_fails()
    {
        var root = JsonNode.Parse(s_text.Value)!;
        root["max_episode_steps"] = root["max_episode_steps"]!.GetValue<int>() + 1;
        using var doc = JsonDocument.Parse(root.ToJsonString());
        Assert.ThrowsAny<Exception>(() => ClassicGoldenChecks.Check(doc.RootElement));
    }

    [Fact]
    public void A_changed_action_fails()
    {
        var root = JsonNode.Parse(s_text.Value)!;
        var actions = root["episodes"]![0]!["actions"]!.AsArray();
        var first = actions[0]!.GetValue<JsonElement>();
        // Discrete: another valid index (the action space has at least two); continuous: a nearby float32.
        actions[0] = first.ValueKind == JsonValueKind.Number && first.TryGetInt32(out int a) && !first.GetRawText().Contains('.', StringComparison.Ordinal)
            ? (a == 0 ? 1 : 0)
            : (double)MathF.BitIncrement((float)first.GetDouble());
        using var doc = JsonDocument.Parse(root.ToJsonString());
        Assert.ThrowsAny<Exception>(() => ClassicGoldenChecks.Check(doc.RootElement));
    }

    // Moves one value of `field` in the episode by the smallest step that still changes it.
    private static void Perturb(JsonNode episode, string field)
    {
        var node = episode[field]!;
        switch (field)
        {
            case "states":
                var state = node[0]!.AsArray();
                state[0] = Math.BitIncrement(state[0]!.GetValue<double>());
                break;
            case "obs":
                var obs = node[0]!.AsArray();
                obs[0] = (double)MathF.BitIncrement((float)obs[0]!.GetValue<double>());
                break;
            case "initial_obs":
                node[0] = (double)MathF.BitIncrement((float)node[0]!.GetValue<double>());
                break;
            case "initial_state" or "rewards":
                node[0] = Math.BitIncrement(node[0]!.GetValue<double>());
                break;
            case "terminated" or "truncated":
                node[0] = !node[0]!.GetValue<bool>();
                break;
            case "return":
                episode[field] = Math.BitIncrement(node.GetValue<double>());
                break;
            case "length":
                // The recorded arrays keep their length, so the file is inconsistent as well as wrong.
                episode[field] = node.GetValue<int>() + 1;
                break;
            default:
                throw new ArgumentException($"No perturbation for {field}.", nameof(field));
        }
    }

    // The smallest gymnasium-golden-v1 file, so that each test runs one real file quickly.
    private static string LoadSmallest()
    {
        foreach (string path in GoldenData.Files("envs").OrderBy(p => new FileInfo(p).Length))
        {
            using var doc = GoldenData.Load(path);
            if (doc.RootElement.TryGetProperty("format", out var f) && f.GetString() == ClassicGoldenChecks.Format)
                return doc.RootElement.GetRawText();
        }
        throw new InvalidOperationException($"No {ClassicGoldenChecks.Format} file among the envs golden files.");
    }
}
