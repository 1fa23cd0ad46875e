using System.Text.Json;
using Skinner.Cli;

namespace Skinner.Tests.Cli;

[Collection("Console")]
public class TrainCommandTests
{
    [Fact]
    public void TrainWritesTheRunDirectoryAndResumeAndEvalAcceptIt()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"skinner-run-{Guid.NewGuid():N}");
        var stdout = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);
            int code = Program.Main(["train", "dqn", "CartPole-v1", "--steps", "1200", "--run-dir", dir, "--seed", "1",
                "--set", "learning_starts=200", "--set", "train_freq=4", "--set", "gradient_steps=1", "--set", "net_arch=[32]",
                "--eval-episodes", "3", "--video-every", "5"]);
            Assert.Equal(0, code);
            foreach (string f in new[] { "config.yaml", "metrics.csv", "learning_curve.svg", "learning_curve.png", "eval.json", "eval_histogram.svg",
                "eval_histogram.png", "checkpoints/latest.safetensors", "checkpoints/latest.safetensors.state", "videos/eval-episode-0.gif", "videos/train-episode-0.gif" })
                Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} is missing");
            Assert.NotEmpty(Directory.GetFiles(dir, "events.out.tfevents.*"));
            using (var eval = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "eval.json"))))
            {
                Assert.Equal(3, eval.RootElement.GetProperty("episodes").GetInt32());
                Assert.Equal(3, eval.RootElement.GetProperty("returns").GetArrayLength());
            }
            Assert.Contains("net_arch: [32]", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);

            Assert.Equal(0, Program.Main(["train", "--resume", dir, "--steps", "1500", "--eval-episodes", "2", "--no-video"]));
            Assert.Equal(0, Program.Main(["eval", dir, "--episodes", "2"]));
            Assert.Equal(0, Program.Main(["plot", dir, "--out", Path.Combine(dir, "compare")]));
            Assert.True(File.Exists(Path.Combine(dir, "compare.png")));
        }
        finally
        {
            Console.SetOut(stdout);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BadUsageExitsWithTwoAndNamesTheProblem()
    {
        var stderr = Console.Error;
        var captured = new StringWriter();
        try
        {
            Console.SetError(captured);
            Assert.Equal(2, Program.Main(["train", "dqn", "CartPol-v1"]));
            Assert.Equal(2, Program.Main(["train", "dqn", "CartPole-v1", "--set", "learning_rate=-1", "--steps", "10"]));
            Assert.Equal(2, Program.Main(["train", "dqn", "Pendulum-v1", "--steps", "10"]));
            Assert.Equal(2, Program.Main(["frobnicate"]));
        }
        finally
        {
            Console.SetError(stderr);
        }
        string text = captured.ToString();
        Assert.Contains("Did you mean: CartPole-v1", text, StringComparison.Ordinal);
        Assert.Contains("learning_rate", text, StringComparison.Ordinal);
        Assert.Contains("discrete", text, StringComparison.Ordinal);
    }
}
