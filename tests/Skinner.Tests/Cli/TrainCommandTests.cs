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
        Assert.DoesNotContain("(Parameter", text, StringComparison.Ordinal);
        Assert.Contains("learning_rate", text, StringComparison.Ordinal);
        Assert.Contains("discrete", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PeriodZeroTurnsEvaluationOffAndNegativePeriodsAreUsageErrors() => InScratchRun((dir, captured) =>
    {
        string[] common = ["train", "dqn", "CartPole-v1", "--steps", "400", "--run-dir", dir, "--no-video",
            "--set", "learning_starts=100", "--set", "net_arch=[8]", "--eval-episodes", "1"];
        Assert.Equal(2, Program.Main([.. common, "--eval-every", "-5"]));
        Assert.Contains("--eval-every must be 0 (off) or a positive number", captured.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, Program.Main([.. common, "--eval-every", "0", "--stop-at-threshold"]));
        Assert.Contains("--stop-at-threshold needs periodic evaluations", captured.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "a rejected command must leave no run directory");

        Assert.Equal(0, Program.Main([.. common, "--eval-every", "0", "--checkpoint-every", "0"]));
        Assert.False(File.Exists(Path.Combine(dir, "checkpoints", "best.safetensors")), "no periodic evaluation, so no best checkpoint");
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "latest.safetensors")), "the final checkpoint is written even with period 0");
    });

    [Fact]
    public void MaxEpisodesStopsTheRunAfterThatManyEpisodes() => InScratchRun((dir, captured) =>
    {
        string[] common = ["train", "dqn", "CartPole-v1", "--steps", "5000", "--run-dir", dir, "--no-video", "--eval-every", "0",
            "--set", "learning_starts=100", "--set", "net_arch=[8]", "--eval-episodes", "1"];
        Assert.Equal(2, Program.Main([.. common, "--max-episodes", "0"]));
        Assert.Contains("--max-episodes must be a positive number", captured.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, Program.Main([.. common, "--max-episodes", "4"]));
        var returns = Skinner.Reporting.Logging.MetricsCsv.Read(Path.Combine(dir, "metrics.csv"))[Skinner.Reporting.Logging.MetricNames.EpisodicReturn];
        Assert.Equal(4, returns.Values.Length);
        // CartPole gives 1 per step, so the four returns add up to the steps taken: the run stopped with the fourth episode.
        Assert.Equal((long)returns.Values.Sum(), returns.Steps[^1]);
    });

    [Fact]
    public void AConfigsEpisodeBudgetStopsTheRunAndTheFlagOverridesIt() => InScratchRun((dir, captured) =>
    {
        string[] common = ["train", "dqn", "CartPole-v1", "--steps", "5000", "--no-video", "--eval-every", "0",
            "--set", "learning_starts=100", "--set", "net_arch=[8]", "--eval-episodes", "1", "--set", "n_episodes=3"];
        int Episodes(string run) =>
            Skinner.Reporting.Logging.MetricsCsv.Read(Path.Combine(run, "metrics.csv"))[Skinner.Reporting.Logging.MetricNames.EpisodicReturn].Values.Length;

        Assert.Equal(0, Program.Main([.. common, "--run-dir", dir]));
        Assert.Equal(3, Episodes(dir));
        Assert.Contains("n_episodes: 3", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);

        string other = dir + "-flag";
        Assert.Equal(0, Program.Main([.. common, "--run-dir", other, "--max-episodes", "5"]));
        Assert.Equal(5, Episodes(other));
        Directory.Delete(other, recursive: true);
    });

    [Fact]
    public void RecordWritesTheFormatAskedFor() => InScratchRun((dir, captured) =>
    {
        Assert.Equal(0, Program.Main(["train", "dqn", "CartPole-v1", "--steps", "300", "--run-dir", dir, "--no-video", "--eval-every", "0",
            "--set", "learning_starts=100", "--set", "net_arch=[8]", "--eval-episodes", "1"]));
        string videos = Path.Combine(dir, "videos");

        Assert.Equal(0, Program.Main(["record", dir, "--format", "gif"]));
        Assert.True(File.Exists(Path.Combine(videos, "record-episode-0.gif")));
        Assert.False(File.Exists(Path.Combine(videos, "record-episode-0.mp4"))); // GIF only, even where ffmpeg is installed

        Assert.Equal(2, Program.Main(["record", dir, "--format", "avi"]));
        Assert.Contains("--format takes gif or mp4", captured.ToString(), StringComparison.Ordinal);
        if (Skinner.Reporting.Video.FfmpegVideoWriter.IsAvailable)
        {
            Assert.Equal(0, Program.Main(["record", dir, "--format", "mp4"]));
            Assert.True(new FileInfo(Path.Combine(videos, "record-episode-0.mp4")).Length > 0);
        }
    });

    // Runs `body` with a run directory path under a fresh scratch folder, standard output discarded and standard error
    // captured; the folder is deleted afterwards.
    private static void InScratchRun(Action<string, StringWriter> body)
    {
        string root = Path.Combine(Path.GetTempPath(), $"skinner-cli-{Guid.NewGuid():N}");
        var stdout = Console.Out;
        var stderr = Console.Error;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(captured);
            body(Path.Combine(root, "run"), captured);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
