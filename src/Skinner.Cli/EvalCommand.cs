using System.Globalization;
using Skinner.Agents;
using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Envs.Wrappers;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Cli;

/// <summary><c>skinner eval RUN_DIR</c>: evaluates a trained agent and writes eval.json.</summary>
public static class EvalCommand
{
    /// <summary>Help text.</summary>
    public const string Help = """
        usage: skinner eval RUN_DIR [--episodes N] [--deterministic|--stochastic] [--checkpoint best|latest] [--seed S]

        Plays N episodes (default 10) with the trained agent on a fresh environment, prints the mean and
        standard deviation of the return, and writes RUN_DIR/eval.json and the evaluation histogram.
        The best checkpoint is used when there is one (--checkpoint latest for the last).
        """;

    /// <summary>Runs the command.</summary>
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = Args.Parse(argv, ["episodes", "checkpoint", "seed"], ["help", "deterministic", "stochastic"]);
        if (args.Flag("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        var (run, config, agent) = LoadRun(args);
        bool deterministic = !args.Flag("stochastic");
        var result = Evaluate(agent, config with { Seed = args.Long("seed") ?? config.Seed }, run, (int)(args.Long("episodes") ?? 10), deterministic, video: false);
        Plots.WriteHistogram(run, config, result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{config.Algorithm} on {config.Env}: mean return {result.MeanReturn:F2} ± {result.StdReturn:F2} over {result.Episodes} episodes ({(deterministic ? "deterministic" : "stochastic")})"));
        return 0;
    }

    /// <summary>Opens a run directory and loads its agent from a checkpoint.</summary>
    public static (RunDirectory Run, RunConfig Config, IAgent Agent) LoadRun(Args args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Positionals.Count != 1) throw new UsageException("Name one run directory, e.g. `skinner eval runs/CartPole-v1/dqn-0-20260101-120000`.");
        string dir = args.Positionals[0];
        if (!Directory.Exists(dir)) throw new UsageException($"Run directory '{dir}' does not exist.");
        var run = new RunDirectory(dir);
        if (!File.Exists(run.Config)) throw new UsageException($"{run.Path} has no config.yaml: is it a run directory?");
        var saved = ConfigFiles.TopScalars(ConfigFiles.Parse(File.ReadAllText(run.Config), run.Config), run.Config);
        long seed = long.Parse(saved.GetValueOrDefault("seed", "0"), CultureInfo.InvariantCulture);
        var config = Resolve.Run(null, null, null, run.Config, [], null, seed);
        string which = args.Value("checkpoint") ?? (File.Exists(run.BestCheckpoint) ? "best" : "latest");
        string path = which switch
        {
            "best" => run.BestCheckpoint,
            "latest" => run.LatestCheckpoint,
            _ => throw new UsageException($"--checkpoint takes best or latest; got '{which}'."),
        };
        if (!File.Exists(path)) throw new UsageException($"{run.Path} has no {which} checkpoint ({path}).");
        var env = EnvRegistry.Make(config.Env);
        var agent = Catalog.Algorithm(config.Algorithm).Create(env, config.Options, config.Seed);
        agent.Load(path);
        return (run, config, agent);
    }

    /// <summary>
    /// Evaluates on a fresh environment, writes eval.json, and (when <paramref name="video"/>) records the
    /// first episode to videos/eval-episode-0.gif (and .mp4 with ffmpeg).
    /// </summary>
    public static EvaluationResult Evaluate(IAgent agent, RunConfig config, RunDirectory run, int episodes, bool deterministic, bool video)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        if (episodes <= 0) throw new UsageException($"--episodes must be positive; got {episodes}.");
        using var videos = new EpisodeVideos(run.Videos, "eval-episode");
        IEnv env = EnvRegistry.Make(config.Env);
        if (video) env = new RecordVideo(env, videos, e => e == 0);
        using var _ = env;
        var result = Evaluation.Run(env, o => agent.Act(o, deterministic), episodes, config.Seed + 20_000);
        TrainCommand.WriteEvalJson(run, result, deterministic);
        return result;
    }
}

/// <summary><c>skinner record RUN_DIR</c>: videos of the trained agent.</summary>
public static class RecordCommand
{
    /// <summary>Help text.</summary>
    public const string Help = """
        usage: skinner record RUN_DIR [--episodes N] [--format gif|mp4] [--checkpoint best|latest] [--seed S]

        Plays N episodes (default 1) with the trained agent and writes each to RUN_DIR/videos/record-episode-K.gif;
        with --format mp4, also to record-episode-K.mp4 (MP4 needs ffmpeg on the PATH).
        """;

    /// <summary>Runs the command.</summary>
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = Args.Parse(argv, ["episodes", "format", "checkpoint", "seed"], ["help"]);
        if (args.Flag("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        string format = args.Value("format") ?? "gif";
        if (format is not ("gif" or "mp4")) throw new UsageException($"--format takes gif or mp4; got '{format}'.");
        if (format == "mp4" && !Reporting.Video.FfmpegVideoWriter.IsAvailable)
            throw new UsageException("MP4 needs ffmpeg on the PATH (apt-get install ffmpeg); GIF works without it: --format gif.");
        var (run, config, agent) = EvalCommand.LoadRun(args);
        int episodes = (int)(args.Long("episodes") ?? 1);
        if (episodes <= 0) throw new UsageException($"--episodes must be positive; got {episodes}.");
        using var videos = new EpisodeVideos(run.Videos, "record-episode", mp4: format == "mp4");
        using IEnv env = new RecordVideo(EnvRegistry.Make(config.Env), videos, _ => true);
        var result = Evaluation.Run(env, o => agent.Act(o, true), episodes, args.Long("seed") ?? config.Seed + 30_000);
        videos.EndEpisode();
        foreach (var f in videos.Files.Where(f => f.EndsWith("." + format, StringComparison.Ordinal))) Console.WriteLine(f);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"returns: {string.Join(", ", result.Returns.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}"));
        return 0;
    }
}
