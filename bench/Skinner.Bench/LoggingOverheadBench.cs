using System.Diagnostics;
using System.Globalization;
using Skinner.Agents.Common;
using Skinner.Cli;
using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Video;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Bench;

/// <summary>
/// What logging and recording cost a training run: DQN on CartPole-v1 with the zoo settings, once with metrics
/// dropped and no video, once with metrics.csv and TensorBoard events written and a video every 100 episodes,
/// alternating so both see the same machine, after an untimed short run of each. Videos are drawn and encoded on a background thread, as in
/// <c>skinner train</c>; the time of a run includes waiting for the last video and closing the files. Prints steps/s
/// of each, the ratio of the medians, the median of the rounds' ratios (target: within 5%), and the processor seconds
/// of a run (ffmpeg's included): on a machine with no core to spare, the extra work of recording shows in the ratio.
/// Then the processor time of recording 276 CartPole frames alone: on the calling thread, in all, and in ffmpeg.
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
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        int steps = Opt("--steps", 20_000), rounds = Opt("--rounds", 3);
        var config = Resolve.Run("dqn", "CartPole-v1", null, null, [], steps, 0);
        // Untimed first: otherwise the first bare run pays for compiling the training code and flatters round 0.
        var warmUp = config with { Steps = Math.Min(steps, 2_000) };
        Train(warmUp, logging: false);
        Train(warmUp, logging: true);
        var bare = new List<double>();
        var logged = new List<double>();
        var bareCpu = new List<double>();
        var loggedCpu = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            var (rate, cpu) = Train(config, logging: false);
            bare.Add(rate);
            bareCpu.Add(cpu);
            (rate, cpu) = Train(config, logging: true);
            logged.Add(rate);
            loggedCpu.Add(cpu);
        }
        double b = Median(bare), l = Median(logged);
        // Each round's ratio compares two runs made one after the other; their median is less moved by a load that
        // comes and goes than the ratio of the medians.
        double[] ratios = [.. logged.Select((x, i) => x / bare[i])];
        double paired = Median([.. ratios]);
        Report.Emit("logging-overhead", "dqn-CartPole-v1/bare", "steps/s", b, ("cpu_s", Median(bareCpu)));
        Report.Emit("logging-overhead", "dqn-CartPole-v1/logged+video", "steps/s", l, ("ratio", l / b), ("paired_ratio", paired), ("rounds", rounds),
            ("round_ratios", string.Join(',', ratios.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))),
            ("cpu_s", Median(loggedCpu)), ("target_ratio", 0.95));

        // What recording costs by itself, without training around it: less exposed to a busy machine than the ratio.
        Recording();
        var (caller, total, ffmpeg) = (new List<double>(), new List<double>(), new List<double>());
        for (int r = 0; r < 5; r++)
        {
            var cost = Recording();
            caller.Add(cost.Caller);
            total.Add(cost.Total);
            ffmpeg.Add(cost.Children);
        }
        Report.Emit("logging-overhead", "record-3x92-CartPole-frames", "cpu_s", Median(total),
            ("calling_thread_cpu_s", Median(caller)), ("ffmpeg_cpu_s", Median(ffmpeg)), ("repeats", 5));
    }

    /// <summary>
    /// Records three 92-step CartPole episodes (276 frames: as many as the training runs above record) through
    /// <see cref="RecordVideo"/> as <c>skinner train</c> does, stepped by a pole-balancing rule; returns the processor
    /// seconds of the calling thread, of the whole process and ffmpeg together, and of ffmpeg alone.
    /// </summary>
    private static (double Caller, double Total, double Children) Recording()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"skinner-logbench-{Guid.NewGuid():N}");
        try
        {
            double children = -ChildrenCpuSeconds(), total = -CpuSeconds(), caller = -ThreadClock.Seconds();
            using (var videos = new BackgroundVideoSink(new EpisodeVideos(dir, "episode")))
            using (var env = new RecordVideo(EnvRegistry.Make("CartPole-v1"), videos, _ => true))
            {
                for (int episode = 0; episode < 3; episode++)
                {
                    var obs = env.Reset(seed: episode).Observation;
                    for (int step = 0; step < 91; step++)
                    {
                        var result = env.Step([obs[2] + (0.5f * obs[3]) > 0 ? 1 : 0]);
                        obs = result.Observation;
                        if (result.Done) break;
                    }
                }
                caller += ThreadClock.Seconds();
            }
            return (caller, total + CpuSeconds(), children + ChildrenCpuSeconds());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Steps per second of one run, and the processor seconds it took, ffmpeg's included.</summary>
    private static (double StepsPerSecond, double CpuSeconds) Train(RunConfig config, bool logging)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"skinner-logbench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // As `skinner train` sets it up. The clock stops only once the videos and metric files are written and
            // closed: work moved to another thread must still be done before the run counts as over.
            var clock = Stopwatch.StartNew();
            double cpu = 0;
            using (var videos = new BackgroundVideoSink(new EpisodeVideos(Path.Combine(dir, "videos"), "train-episode")))
            using (var logger = logging ? MetricLogger.Create(dir) : null)
            {
                IEnv env = EnvRegistry.Make(config.Env);
                if (logging) env = new RecordVideo(env, videos, RecordVideo.Every(100));
                using var _ = env;
                var agent = Catalog.Algorithm(config.Algorithm).Create(env, config.Options, config.Seed);
                Skinner.Agents.Common.IMetricSink sink = logger is null ? NullMetricSink.Instance : new MetricBridge(logger);
                clock.Restart();
                cpu = -CpuSeconds();
                agent.Learn(config.Steps, [], sink);
            }
            cpu += CpuSeconds();
            return (config.Steps / clock.Elapsed.TotalSeconds, cpu);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Processor time of this process and of its finished children (ffmpeg), from /proc on Linux; the
    /// process alone elsewhere.</summary>
    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + ChildrenCpuSeconds();

    /// <summary>Processor time of the finished children (ffmpeg) on Linux, from /proc/self/stat; 0 elsewhere.</summary>
    private static double ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        // Fields 16 and 17 (cutime, cstime) in clock ticks, counted after the command name.
        string stat = File.ReadAllText("/proc/self/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double TicksPerSecond = 100;   // USER_HZ, 100 on Linux
        return (long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
