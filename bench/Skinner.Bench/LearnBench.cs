using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Skinner.Agents.Common;
using Skinner.Cli;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Bench;

/// <summary>
/// Learning benchmarks and reproduction runs: trains each configuration with several seeds, evaluates the
/// final agent, prints JSON lines, and writes the table in docs/benchmarks.md.
/// Options: <c>--only NAME[,NAME]</c> (the row of that exact name, else the rows whose name contains it), <c>--seeds 0,1,2</c>,
/// <c>--out FILE</c> (default docs/benchmarks.md; <c>-</c> for none), <c>--threads N</c> (the engine's threads: split products and work side by side; 1 for one thread).
/// </summary>
public static class LearnBench
{
    /// <summary>One row: what to train and what it must reach.</summary>
    /// <remarks>
    /// With <c>StopEvery</c> set, an evaluation callback (5 deterministic episodes every that many steps) stops the
    /// run once the environment's registered reward threshold is reached, as Stable-Baselines3's
    /// <c>StopTrainingOnRewardThreshold</c> does; the steps column then reports the steps actually taken.
    /// A configuration with an episode budget (<c>n_episodes</c>, as a preset whose document counts in episodes) stops
    /// after that many training episodes (<see cref="StopAfterEpisodes"/>); the steps column then reports the steps taken.
    /// </remarks>
    private sealed record Row(string Name, string? Algo, string? Env, string? Preset, string? Config, string Target, int EvalEpisodes = 10, string[]? Sets = null, int StopEvery = 0, long? Steps = null);

    private static readonly Row[] s_rows =
    [
        new("dqn-cartpole-zoo", "dqn", "CartPole-v1", null, null, "eval 500 within 50k steps, every seed >= 475; SB3 30.5 s, target 8 s"),
        new("dqn-cartpole-zoo-stop", "dqn", "CartPole-v1", null, null, "eval 500 within 50k steps, every seed >= 475 (stops at the 475 threshold)", StopEvery: 2500),
        new("dqn-cartpole-cleanrl", "dqn", "CartPole-v1", null, "configs/dqn-cleanrl.yaml", "CleanRL dqn.py 5.7 s per 50k steps; target 1.1 s per 50k"),
        new("ddpg-pendulum-zoo", "ddpg", "Pendulum-v1", null, null, "eval -200 or better within 20k steps; SB3 91 s, target 30 s"),
        new("td3-pendulum-zoo", "td3", "Pendulum-v1", null, null, "eval -200 or better within 20k steps; SB3 94 s, target 30 s"),
        new("sac-pendulum-zoo", "sac", "Pendulum-v1", null, null, "eval -200 or better within 20k steps"),
        new("seed000-dqn-cartpole", null, null, "seed000-dqn-cartpole", null, "CartPole-v0 at 200"),
        // 100 evaluation episodes: a Pendulum return depends on the random start (about -0 to -400), so 10 leave a
        // standard error near 30.
        new("seed000-ddpg-pendulum", null, null, "seed000-ddpg-pendulum", null, "Pendulum about -150 or better", 100),
        new("seed002-ddpg-pendulum", null, null, "seed002-ddpg-pendulum", null, "Pendulum about -150 or better", 100),
        // 50k of the preset's 500k steps: an update at batch 128 of the 4x256 batch-norm network every step runs at
        // about 130 steps/s on one core, and the evaluation stops rising well before (6.4, 4.8, 4.2 at 25k, 50k, 75k).
        new("seed001-dqn-breakout", null, null, "seed001-dqn-breakout", null, "MinAtar Breakout well above random (uniform random actions: 0.42; `-- random-policy MinAtar/Breakout-v1`); 50k of the preset's 500k steps", Steps: 50_000),
        new("ppo-cartpole-zoo", "ppo", "CartPole-v1", null, null, "eval 500 within 100k steps; SB3 14-15 s, target 2.5 s"),
        new("a2c-cartpole-zoo", "a2c", "CartPole-v1", null, null, "eval 500 within 500k steps (zoo: 8 environments)"),
        new("a2c-cartpole-zoo-stop", "a2c", "CartPole-v1", null, null, "the steps A2C needs: stops at the 475 threshold (zoo: 500 after 500k steps)", StopEvery: 10_000),
        new("reinforce-mlp-cartpole", "reinforce", "CartPole-v1", null, null, "eval near 500 within 100k steps"),
        new("reinforce-logistic-cartpole", "reinforce", "CartPole-v1", null, null, "the logistic policy of the second reference document on CartPole-v1 (its settings, 2000 episodes)", 100,
            ["policy=logistic", "learning_rate=0.002", "gamma=0.99", "baseline=none", "normalize_returns=false", "episodes_per_update=1", "max_episodes=2000", "n_timesteps=1000000"]),
        // The tutorial's own settings for its own length, 50 episodes (its updates at batch 128 every step run at about
        // 11 steps/s, so the preset's 100k steps would take some 2.5 h per seed).
        new("seed003-dqn-cartpole-pixels", null, null, "seed003-dqn-cartpole-pixels", null, "the tutorial's own settings for its 50 episodes (the document gives no score; the issue: 195 is rarely reached)", 100),
        // DQN from pixels swings: one 100k-step run (seed 0) evaluated 37, 200, 103 and 164 over 100 episodes at 10k,
        // 20k, 30k and 40k steps, so the row stops at the 195 threshold, as StopTrainingOnRewardThreshold would.
        new("seed003-dqn-cartpole-pixels-tuned", null, null, "seed003-dqn-cartpole-pixels-tuned", null, "CartPole from pixels averaging 195 or more over 100 episodes (the tutorial rarely does); stops at the 195 threshold", 100, StopEvery: 5000),
        new("seed001-reinforce-cartpole", null, null, "seed001-reinforce-cartpole", null, "CartPole-v0 at 200 over 100 episodes after 2000 (the document: converged within about 200 episodes)", 100),
        new("ppo-pendulum-zoo", "ppo", "Pendulum-v1", null, null, "zoo PPO about -172 after 100k steps (gSDE)"),
        new("a2c-pendulum-zoo", "a2c", "Pendulum-v1", null, null, "zoo A2C about -160 after 1M steps (gSDE)"),
        new("seed004-ac-swingup", null, null, "seed004-ac-swingup", null, "the document: 411-493 average after 150-370 episodes (single-step); 400 of the preset's 3,000 episodes", 100, Steps: 400_000),
        new("seed004-ac-swingup-nstep8", null, null, "seed004-ac-swingup-nstep8", null, "the document: 625 average after 334 episodes (8-step, one run); 400 of the preset's 3,000 episodes", 100, Steps: 400_000),
        new("seed004-ac-swingup-nstep16", null, null, "seed004-ac-swingup-nstep16", null, "the document: above 400 (16-step, one run); 400 of the preset's 3,000 episodes", 100, Steps: 400_000),
        new("a3c-swingup-1worker", "a3c", "InvertedPendulumSwingup-v0", null, null, "tuned settings (configs/a3c.yaml) on one worker, for the speed-up of two", 100, ["workers=1"]),
        new("a3c-swingup-2workers", "a3c", "InvertedPendulumSwingup-v0", null, null, "A3C with 2 workers averaging 800 or more over 100 episodes; speed-up over one worker", 100, ["workers=2"]),
        new("seed004-a3c-swingup-1worker", null, null, "seed004-a3c-swingup", null, "time of one worker, for the speed-up of two", 100, ["workers=1"]),
        new("seed004-a3c-swingup-2workers", null, null, "seed004-a3c-swingup", null, "average 800 over 100 episodes; speed-up over one worker", 100, ["workers=2"]),
    ];

    /// <summary>Runs the benchmark.</summary>
    public static void Run(string[] args)
    {
        string? Opt(string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        var only = Opt("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var seeds = (Opt("--seeds") ?? "0,1,2").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string output = Opt("--out") ?? "docs/benchmarks.md";
        Gemm.MaxThreads = int.Parse(Opt("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // A name that is a row's whole name picks that row alone; any other picks every row containing it.
        var rows = s_rows.Where(r => only is null || only.Any(o =>
            s_rows.Any(x => x.Name == o) ? r.Name == o : r.Name.Contains(o, StringComparison.Ordinal))).ToList();
        if (rows.Count == 0) throw new ArgumentException($"--only matched no row; rows: {string.Join(", ", s_rows.Select(r => r.Name))}.");

        var results = new List<(Row Row, RunConfig Config, List<(long Seed, EvaluationResult Eval, double Seconds, long Steps)> Runs)>();
        foreach (var row in rows)
        {
            var runs = new List<(long, EvaluationResult, double, long)>();
            RunConfig? config = null;
            foreach (long seed in seeds)
            {
                config = Resolve.Run(row.Algo, row.Env, row.Preset, row.Config, row.Sets ?? [], row.Steps, seed);
                var env = EnvRegistry.Make(config.Env);
                var agent = Catalog.Algorithm(config.Algorithm).Create(env, config.Options, seed);
                var callbacks = new List<Callback>();
                if (row.StopEvery > 0)
                    callbacks.Add(new EvalCallback(() => EnvRegistry.Make(config.Env), row.StopEvery, 5, seed + 10_000) { StopAtReturn = Threshold(config.Env) });
                if (config.MaxEpisodes is long episodes) callbacks.Add(new StopAfterEpisodes(episodes));
                int gen0Before = GC.CollectionCount(0);
                var pauseBefore = GC.GetTotalPauseDuration();
                long jitBefore = JitInfo.GetCompiledMethodCount();
                var jitTimeBefore = JitInfo.GetCompilationTime();
                var clock = Stopwatch.StartNew();
                agent.Learn(config.Steps, callbacks, NullMetricSink.Instance);
                double seconds = clock.Elapsed.TotalSeconds;
                int gen0 = GC.CollectionCount(0) - gen0Before;
                double pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
                // What the run compiled (all threads): a fresh process's first seed pays for most of the code.
                long jitMethods = JitInfo.GetCompiledMethodCount() - jitBefore;
                double jitSeconds = (JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds;
                long steps = agent.Steps;
                using var evalEnv = EnvRegistry.Make(config.Env);
                var eval = Evaluation.Run(evalEnv, o => agent.Act(o, deterministic: true), row.EvalEpisodes, seed + 20_000);
                runs.Add((seed, eval, seconds, steps));
                Report.Emit("learn", $"{row.Name}/seed{seed}", "eval_return", eval.MeanReturn,
                    ("std", eval.StdReturn), ("steps", steps), ("seconds", seconds), ("steps_per_s", steps / seconds),
                    ("gc_gen0", gen0), ("gc_pause_s", Math.Round(pause, 3)),
                    ("jit_methods", jitMethods), ("jit_s", Math.Round(jitSeconds, 3)));
                env.Dispose();
            }
            results.Add((row, config!, runs));
        }
        if (output != "-") Write(output, results, seeds, args);
    }

    // The widest vector path of this processor, and the cap when SKINNER_SIMD sets a narrower one.
    private static string VectorInstructions()
    {
        static string Name(int width) => width switch { 512 => "AVX-512", 256 => "AVX2", 128 => "128-bit vectors", _ => "scalar code" };
        string hardware = Name(Gemm.HardwareWidth);
        return Gemm.ActiveWidth < Gemm.HardwareWidth ? $"{hardware}, capped to {Name(Gemm.ActiveWidth)}" : hardware;
    }

    private static double Threshold(string env) => EnvRegistry.Spec(env).RewardThreshold
        ?? throw new ArgumentException($"{env} has no registered reward threshold to stop at.");

    private static void Write(string path, List<(Row Row, RunConfig Config, List<(long Seed, EvaluationResult Eval, double Seconds, long Steps)> Runs)> results, long[] seeds, string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        const string Header = "| run | algo | env | steps | evaluation per seed | mean | wall s per seed (mean) | steps/s | target | measured |";
        const string Marker = "<!-- notes: kept when the table above is regenerated -->";
        string old = File.Exists(path) ? File.ReadAllText(path) : "";

        // Rows of the existing table stay, in their order, unless this run measured them again; new rows go last.
        var table = new List<(string Name, string Line)>();
        foreach (string line in old.Split('\n'))
        {
            if (line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| run ", StringComparison.Ordinal)
                && line.Split('|') is { Length: 12 } cells)
            {
                table.Add((cells[1].Trim(), line.TrimEnd('\r')));
            }
            if (line.StartsWith(Marker, StringComparison.Ordinal)) break;
        }
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd", inv);
        string vectors = VectorInstructions();
        foreach (var (row, config, runs) in results)
        {
            string perSeed = string.Join(", ", runs.Select(r => r.Eval.MeanReturn.ToString("F1", inv)));
            double mean = runs.Average(r => r.Eval.MeanReturn);
            double secs = runs.Average(r => r.Seconds);
            double steps = runs.Average(r => r.Steps);
            string taken = string.Join(", ", runs.Select(r => r.Steps.ToString("N0", inv)));
            string stepText = config.MaxEpisodes is long budget ? string.Create(inv, $"{taken} ({budget} episodes)")
                : row.StopEvery > 0 ? string.Create(inv, $"{taken} of {config.Steps:N0}")
                : config.Steps.ToString("N0", inv);
            string line = string.Create(inv,
                $"| {row.Name} | {config.Algorithm} | {config.Env} | {stepText} | {perSeed} | {mean:F1} | {secs:F1} | {steps / secs:N0} | {row.Target} | {date}, seeds {string.Join(" ", seeds)}, {vectors} |");
            int at = table.FindIndex(t => t.Name == row.Name);
            if (at >= 0) table[at] = (row.Name, line);
            else table.Add((row.Name, line));
        }

        var sb = new StringBuilder();
        sb.AppendLine("# Learning benchmarks");
        sb.AppendLine();
        sb.AppendLine("Rows are written by the learning benchmark; a run replaces the rows it measured and keeps the others:");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine("dotnet run -c Release --project bench/Skinner.Bench -- learn --only NAME[,NAME...] --seeds 0,1,2 --out docs/benchmarks.md");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine(string.Create(inv, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}."));
        sb.AppendLine("The last column names the widest vector instructions of the processor each row ran on (the project's machines so");
        sb.AppendLine("far: AVX2 and AVX-512); a row's speed, and for some rows its evaluations, depend on them.");
        sb.AppendLine("Each seed trains from scratch, then the final agent plays deterministic evaluation episodes on a separate environment.");
        sb.AppendLine();
        sb.AppendLine(Header);
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, line) in table) sb.AppendLine(line);
        // Notes kept by hand below the marker survive a new run of the table.
        if (old.IndexOf(Marker, StringComparison.Ordinal) is int markerAt and >= 0)
            sb.AppendLine().Append(old[markerAt..]);
        else
            sb.AppendLine().AppendLine(Marker);
        Skinner.Reporting.AtomicFile.WriteAllText(path, sb.ToString());
        Console.Error.WriteLine($"wrote {path} ({string.Join(", ", args)})");
    }
}
