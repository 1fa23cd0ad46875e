using System.Diagnostics;
using Skinner.Agents.Common;
using Skinner.Cli;
using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Reporting.Logging;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Bench;

/// <summary>
/// What logging and recording cost a training run: DQN on CartPole-v1 with the zoo settings, once with metrics
/// dropped and no video, once with metrics.csv and TensorBoard events written and a video every 100 episodes,
/// alternating so both see the same machine. Prints steps/s of each and the ratio (target: within 5%).
/// Options: <c>--steps N</c> (default 20000), <c>--rounds R</c> (default 3).
/// </summary>
public static class LoggingOverheadBench
{
    /// <summary>Runs the benchmark.</summary>
    public static void Run(string[] args)
    {
        int Opt(string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        }
        int steps = Opt("--steps", 20_000), rounds = Opt("--rounds", 3);
        var config = Resolve.Run("dqn", "CartPole-v1", null, null, [], steps, 0);
        var bare = new List<double>();
        var logged = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            bare.Add(Train(config, logging: false));
            logged.Add(Train(config, logging: true));
        }
        double b = Median(bare), l = Median(logged);
        Report.Emit("logging-overhead", "dqn-CartPole-v1/bare", "steps/s", b);
        Report.Emit("logging-overhead", "dqn-CartPole-v1/logged+video", "steps/s", l, ("ratio", l / b), ("target_ratio", 0.95));
    }

    private static double Train(RunConfig config, bool logging)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"skinner-logbench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            using var videos = new EpisodeVideos(Path.Combine(dir, "videos"), "train-episode");
            IEnv env = EnvRegistry.Make(config.Env);
            if (logging) env = new RecordVideo(env, videos, RecordVideo.Every(100));
            using var _ = env;
            var agent = Catalog.Algorithm(config.Algorithm).Create(env, config.Options, config.Seed);
            using var logger = logging ? MetricLogger.Create(dir) : null;
            Skinner.Agents.Common.IMetricSink sink = logger is null ? NullMetricSink.Instance : new MetricBridge(logger);
            var clock = Stopwatch.StartNew();
            agent.Learn(config.Steps, [], sink);
            return config.Steps / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
