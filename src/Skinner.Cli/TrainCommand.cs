using System.Globalization;
using System.Text.Json;
using Skinner.Agents;
using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Envs.Rendering;
using Skinner.Envs.Wrappers;
using Skinner.Reporting;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Video;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Cli;

/// <summary><c>skinner train ALGO ENV</c>: trains, evaluates, and leaves a plot, a video and checkpoints in a run directory.</summary>
public static class TrainCommand
{
    private static readonly string[] s_valued = ["config", "preset", "steps", "seed", "run-dir", "set", "resume", "eval-episodes", "eval-every", "checkpoint-every", "video-every", "runs", "workers", "max-episodes"];
    private static readonly string[] s_flags = ["help", "no-video", "stop-at-threshold"];

    /// <summary>Help text; the hyperparameters come from the options records' documentation.</summary>
    public static string Help(string? algo)
    {
        var lines = new List<string>
        {
            "usage: skinner train ALGO ENV [options]",
            "       skinner train --preset NAME [options]",
            "       skinner train --resume RUN_DIR [--steps N]",
            "",
            "options:",
            "  --config FILE.yaml       hyperparameters (a flat mapping, or a run's config.yaml)",
            "  --preset NAME            a named configuration (`skinner list presets`)",
            "  --steps N                environment steps (default: the config's n_timesteps, else 100000)",
            "  --seed S                 random seed (default 0); the same seed gives the same run",
            "  --set key=value          override one hyperparameter (repeatable)",
            "  --workers N              worker threads of a3c (default: all cores); same as --set workers=N",
            "  --run-dir DIR            where to write the run (default runs/ENV/ALGO-SEED-TIMESTAMP)",
            "  --resume RUN_DIR         continue a run from its latest checkpoint",
            "  --eval-episodes N        episodes of the final evaluation (default 10)",
            "  --eval-every N           evaluate every N steps and keep the best checkpoint (default: steps/10; 0: never)",
            "  --checkpoint-every N     write checkpoints/latest every N steps (default: steps/10; 0: only at the end)",
            "  --video-every N          record a training episode every N episodes (default 100; 0: none)",
            "  --no-video               record no videos",
            "  --stop-at-threshold      stop once a periodic evaluation reaches the environment's reward threshold",
            "  --max-episodes N         stop after N training episodes of this invocation (a budget in episodes, as the",
            "                           DQN tutorial's 50; default: the config's n_episodes, else none); --steps still caps the run",
            "",
            "exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted (Ctrl+C; the checkpoint is kept)",
        };
        foreach (var entry in algo is null ? Catalog.Algorithms : [Catalog.Algorithm(algo)])
        {
            lines.Add("");
            lines.Add($"hyperparameters of {entry.Name} (--set key=value), default first:");
            var type = entry.Defaults.GetType();
            foreach (var (key, value, _) in OptionsBinder.Describe(entry.Defaults))
            {
                string prop = OptionsBinder.Properties(type)[key].Name;
                lines.Add($"  {key,-26} {value,-12} {DocComments.Summary($"P:{type.FullName}.{prop}")}");
            }
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = Args.Parse(argv, s_valued, s_flags);
        if (args.Flag("help"))
        {
            Console.WriteLine(Help(args.Positionals.Count > 0 ? args.Positionals[0] : null));
            return 0;
        }
        if (args.Positionals.Count > 2) throw new UsageException($"train takes ALGO and ENV; got extra '{args.Positionals[2]}'.");

        string runPath;
        RunConfig config;
        bool resume = args.Value("resume") is not null;
        if (resume)
        {
            runPath = args.Value("resume")!;
            string configFile = Path.Combine(runPath, "config.yaml");
            if (!File.Exists(configFile)) throw new UsageException($"{runPath} has no config.yaml: is it a run directory?");
            if (!File.Exists(Path.Combine(runPath, "checkpoints", "latest.safetensors"))) throw new UsageException($"{runPath} has no checkpoints/latest.safetensors to resume from.");
            var saved = ConfigFiles.TopScalars(ConfigFiles.Parse(File.ReadAllText(configFile), configFile), configFile);
            long seed = long.Parse(saved["seed"], CultureInfo.InvariantCulture);
            config = Resolve.Run(null, null, null, configFile, args.Values("set"), args.Long("steps"), seed, args.Long("max-episodes"));
        }
        else
        {
            var sets = args.Values("set").ToList();
            if (args.Long("workers") is long workers) sets.Add($"workers={workers}");
            config = Resolve.Run(args.Positionals.ElementAtOrDefault(0), args.Positionals.ElementAtOrDefault(1), args.Value("preset"),
                args.Value("config"), sets, args.Long("steps"), args.Long("seed") ?? 0, args.Long("max-episodes"));
            runPath = args.Value("run-dir") ?? RunDirectory.NewPath(args.Value("runs") ?? "runs", config.Env, config.Algorithm, config.Seed);
        }
        var entry = Catalog.Algorithm(config.Algorithm);
        var spec = EnvRegistry.Spec(config.Env);

        // The agent is built before anything is written, so that a bad setting leaves no run directory behind.
        long every = Math.Max(1, config.Steps / 10);
        int evalEvery = Period(args, "eval-every", every), checkpointEvery = Period(args, "checkpoint-every", every);
        int evalEpisodes = Period(args, "eval-episodes", 10);
        if (evalEpisodes == 0) throw new UsageException("--eval-episodes must be at least 1: the final evaluation needs an episode.");
        if (evalEvery == 0 && args.Flag("stop-at-threshold")) throw new UsageException("--stop-at-threshold needs periodic evaluations: drop --eval-every 0 or give it a positive period.");
        int videoEvery = Period(args, "video-every", 100);
        bool video = !args.Flag("no-video");
        // Training videos are drawn and encoded on a thread of their own, so that recording does not slow training;
        // disposing waits for the last one to be written.
        using var trainingVideos = new BackgroundVideoSink(new EpisodeVideos(Path.Combine(Path.GetFullPath(runPath), "videos"), "train-episode"));
        IEnv env = EnvRegistry.Make(config.Env);
        if (video && videoEvery > 0) env = new RecordVideo(env, trainingVideos, RecordVideo.Every(videoEvery));
        using var _ = env;
        IAgent agent;
        try
        {
            agent = entry.Create(env, config.Options, config.Seed);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Program.Plain(e));
        }
        var run = new RunDirectory(runPath);
        if (resume)
        {
            agent.Load(run.LatestCheckpoint);
            Console.WriteLine($"resumed at step {agent.Steps:N0}");
        }
        run.WriteConfig(config);
        Console.WriteLine($"skinner: training {config.Algorithm} on {config.Env} for {config.Steps:N0} steps{(config.MaxEpisodes is long cap ? $" or {cap:N0} episodes" : "")}, seed {config.Seed}{(config.Preset is null ? "" : $", preset {config.Preset}")}");
        Console.WriteLine($"run directory: {run.Path}");

        using var logger = MetricLogger.Create(run.Path);
        var metrics = new MetricBridge(logger);
        var stop = new StopRequest();
        var episodeBudget = config.MaxEpisodes is long episodes ? new StopAfterEpisodes(episodes) : null;
        var progress = new Progress(Console.Out, !Console.IsOutputRedirected, episodeBudget);
        var callbacks = new List<Callback> { stop, progress };
        if (evalEvery > 0)
        {
            callbacks.Add(new EvalCallback(() => EnvRegistry.Make(config.Env), evalEvery, 5, config.Seed + 10_000)
            {
                BestCheckpointPath = run.BestCheckpoint,
                Metrics = metrics,
                StopAtReturn = args.Flag("stop-at-threshold") ? spec.RewardThreshold : null,
            });
        }
        if (episodeBudget is not null) callbacks.Add(episodeBudget);
        // Period 0 still writes the checkpoint at the end of training (and on an interruption).
        callbacks.Add(new CheckpointCallback(run.LatestCheckpoint, checkpointEvery));

        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (stop.Requested) return; // a second Ctrl+C aborts at once
            e.Cancel = true;
            stop.Request();
            Console.Error.WriteLine();
            Console.Error.WriteLine("skinner: stopping at the next safe point and writing the checkpoint (Ctrl+C again to abort)");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            agent.Learn(config.Steps, callbacks, metrics);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            logger.Flush();
        }
        if (stop.Requested)
        {
            Console.WriteLine($"interrupted at step {agent.Steps:N0}; resume with: skinner train --resume {run.Path}");
            return 130;
        }

        var result = Finish(agent, config, spec, run, evalEpisodes, video);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluation over {result.Episodes} episodes: {result.MeanReturn:F2} ± {result.StdReturn:F2}"));
        return 0;
    }

    /// <summary>
    /// A period option: its value, or <paramref name="fallback"/> when absent, capped at int.MaxValue (a period
    /// past every run's length); 0 turns the periodic action off.
    /// </summary>
    private static int Period(Args args, string name, long fallback)
    {
        long value = args.Long(name) ?? fallback;
        if (value < 0) throw new UsageException($"--{name} must be 0 (off) or a positive number; got {value}.");
        return (int)Math.Min(int.MaxValue, value);
    }

    /// <summary>The end of a run: final evaluation with its video, eval.json, and the plots.</summary>
    public static EvaluationResult Finish(IAgent agent, RunConfig config, EnvSpec spec, RunDirectory run, int episodes, bool video)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        var result = EvalCommand.Evaluate(agent, config, run, episodes, deterministic: true, video);
        Plots.Write(run, config, spec, result);
        return result;
    }

    /// <summary>Writes eval.json atomically.</summary>
    public static void WriteEvalJson(RunDirectory run, EvaluationResult result, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("mean_return", result.MeanReturn);
            w.WriteNumber("std_return", result.StdReturn);
            w.WriteNumber("episodes", result.Episodes);
            w.WriteBoolean("deterministic", deterministic);
            w.WriteStartArray("returns");
            foreach (double r in result.Returns) w.WriteNumberValue(r);
            w.WriteEndArray();
            w.WriteStartArray("lengths");
            foreach (int l in result.Lengths) w.WriteNumberValue(l);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllBytes(run.File("eval.json"), ms.ToArray());
    }
}

/// <summary>
/// Turns episodes handed over by the RecordVideo wrapper into GIF files (and MP4 files beside them when
/// <paramref name="mp4"/> is true and ffmpeg is on the PATH), on the calling thread; wrap it in a
/// <see cref="BackgroundVideoSink"/> to encode on a thread of its own. A video whose encoding fails is discarded
/// (no partial file is left) and the error is thrown.
/// </summary>
public sealed class EpisodeVideos(string directory, string prefix, bool mp4 = true) : IVideoSink, IDisposable
{
    private VideoRecorder? _current;

    /// <summary>Files written so far.</summary>
    public List<string> Files { get; } = [];

    /// <inheritdoc />
    public void BeginEpisode(int episodeIndex)
    {
        _current?.Abort();
        _current = new VideoRecorder(directory, $"{prefix}-{episodeIndex}", mp4: mp4);
    }

    /// <inheritdoc />
    public void AddFrame(Frame frame)
    {
        if (_current is null) return;
        try
        {
            _current.AddFrame(frame);
        }
        catch
        {
            // A video that failed half-way is discarded rather than left half-written.
            Discard();
            throw;
        }
    }

    /// <inheritdoc />
    public void EndEpisode()
    {
        if (_current is null) return;
        try
        {
            _current.Complete();
        }
        catch
        {
            Discard();
            throw;
        }
        Files.AddRange(_current.Paths);
        _current.Dispose();
        _current = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // An episode cut short by the end of training is still worth keeping.
        EndEpisode();
    }

    private void Discard()
    {
        var recorder = _current!;
        _current = null;
        recorder.Abort();
    }
}
