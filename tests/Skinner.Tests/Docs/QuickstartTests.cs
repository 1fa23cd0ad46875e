using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Skinner.Tests.Docs;

/// <summary>
/// The README's "Use it from C#" program is examples/Quickstart/Program.cs, which the solution builds: the two must
/// stay the same text, and the program must do what the README says it does; so must examples/CustomEnv.
/// </summary>
[Collection("Console")]
public class QuickstartTests
{
    private static string Docs(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", name));

    private static string Normalise(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim();

    // Runs an example program's entry point in this process and returns what it printed.
    private static string RunExample(string assembly, params string[] args)
    {
        var stdout = Console.Out;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            Assembly.Load(assembly).EntryPoint!.Invoke(null, [args]);
        }
        finally
        {
            Console.SetOut(stdout);
        }
        return captured.ToString();
    }

    [Fact]
    public void TheReadmeShowsTheQuickstartProgramAsItIs()
    {
        string readme = Docs("README.md");
        int section = readme.IndexOf("\n## Use it from C#", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no section '## Use it from C#'");
        var block = Regex.Match(readme[section..], "```csharp\r?\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "the section shows no ```csharp block");
        Assert.Equal(Normalise(Docs("Quickstart.Program.cs")), Normalise(block.Groups[1].Value));
    }

    [Fact]
    public void TheQuickstartTrainsEvaluatesPlotsAndLoadsItsCheckpointBack()
    {
        string dir = Path.Combine(Path.GetTempPath(), "skinner-quickstart-" + Guid.NewGuid().ToString("N"));
        string text = RunExample("Quickstart", "3000", dir);
        var trained = Regex.Match(text, @"after ([\d,]+) steps: (-?[\d.]+) ± [\d.]+ over 10 episodes");
        var loaded = Regex.Match(text, @"loaded back from .*ppo\.safetensors: (-?[\d.]+)");
        Assert.True(trained.Success && loaded.Success, text);
        // 3,000 steps in whole rollouts of 8 environments × 32 steps; no evaluation is due before 10,000.
        Assert.Equal(3072, long.Parse(trained.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        // The agent loaded from the checkpoint plays the same ten episodes to the same mean.
        Assert.Equal(trained.Groups[2].Value, loaded.Groups[1].Value);
        foreach (string file in new[] { "metrics.csv", "learning_curve.svg", "learning_curve.png", "ppo.safetensors" })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} is missing");
        Assert.Single(Directory.GetFiles(dir, "events.out.tfevents.*"));
        Assert.StartsWith("step,wall_time,", File.ReadLines(Path.Combine(dir, "metrics.csv")).First(), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void TheCustomEnvironmentExampleRegistersPassesTheCheckerAndIsLearned()
    {
        string text = RunExample("CustomEnv");
        var line = Regex.Match(text, @"LineWalk-v0 after 6,000 steps: (-?[\d.]+) over 20 episodes");
        Assert.True(line.Success, text);
        // Walking right from any start scores 0.95 or more; a policy that ever turns left or dawdles scores less.
        Assert.InRange(double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), 0.95, 0.99);
        Assert.Equal(50, Skinner.Envs.Envs.Spec("LineWalk-v0").MaxEpisodeSteps);
    }
}
