using System.Globalization;
using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Plots;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Cli;

/// <summary>The run's plots: learning curve and evaluation histogram, as SVG and PNG.</summary>
public static class Plots
{
    /// <summary>Writes learning_curve.svg/png from metrics.csv and eval_histogram.svg/png from the evaluation.</summary>
    public static void Write(RunDirectory run, RunConfig config, EnvSpec spec, EvaluationResult eval)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(spec);
        string metrics = run.File(MetricLogger.CsvFileName);
        if (File.Exists(metrics))
        {
            var table = MetricsCsv.Read(metrics);
            if (table.Contains(MetricNames.EpisodicReturn) && table[MetricNames.EpisodicReturn].Steps.Length > 0)
                LearningCurve.FromMetrics(table, config.Env, config.Algorithm, (int)config.Seed, spec.RewardThreshold).Save(run.File("learning_curve"));
        }
        WriteHistogram(run, config, eval);
    }

    /// <summary>Writes eval_histogram.svg/png.</summary>
    public static void WriteHistogram(RunDirectory run, RunConfig config, EvaluationResult eval)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(eval);
        LearningCurve.EvalHistogram(config.Env, config.Algorithm, eval.Returns, EnvRegistry.Spec(config.Env).RewardThreshold).Save(run.File("eval_histogram"));
    }
}

/// <summary><c>skinner plot RUN_DIR... [--out FILE]</c>: learning curves of several runs on one plot.</summary>
public static class PlotCommand
{
    /// <summary>Help text.</summary>
    public const string Help = """
        usage: skinner plot RUN_DIR... [--out FILE] [--window N]

        Overlays the learning curves of several runs. Runs of the same algorithm are seeds of one curve:
        their mean running return with a band of ± one standard deviation; each algorithm gets its own colour.
        Writes FILE.svg and FILE.png (default: learning_curves in the current directory).
        """;

    /// <summary>Runs the command.</summary>
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = Args.Parse(argv, ["out", "window"], ["help"]);
        if (args.Flag("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        if (args.Positionals.Count == 0) throw new UsageException("Name at least one run directory: `skinner plot runs/CartPole-v1/*`.");
        var runs = new List<(string Algo, string Env, SeedCurve Curve)>();
        foreach (string dir in args.Positionals)
        {
            var run = new RunDirectory(dir);
            string csv = run.File(MetricLogger.CsvFileName);
            if (!File.Exists(run.Config) || !File.Exists(csv)) throw new UsageException($"{dir} is not a run directory with config.yaml and metrics.csv.");
            var saved = ConfigFiles.Scalars(ConfigFiles.Parse(File.ReadAllText(run.Config), run.Config), run.Config).ToDictionary(kv => kv.Key, kv => kv.Value);
            var table = MetricsCsv.Read(csv);
            if (!table.Contains(MetricNames.EpisodicReturn)) throw new UsageException($"{dir} has no finished episodes in metrics.csv yet.");
            var series = table[MetricNames.EpisodicReturn];
            runs.Add((saved["algo"], saved["env"], new SeedCurve(int.Parse(saved["seed"], CultureInfo.InvariantCulture), series.Steps, series.Values)));
        }
        var envs = runs.Select(r => r.Env).Distinct().ToList();
        if (envs.Count > 1) throw new UsageException($"The runs are on different environments ({string.Join(", ", envs)}); plot one environment at a time.");
        int window = (int)(args.Long("window") ?? LearningCurve.DefaultWindow);
        var groups = runs.GroupBy(r => r.Algo).Select(g => (g.Key, (IReadOnlyList<SeedCurve>)[.. g.Select(r => r.Curve)])).ToList();
        double? threshold = EnvRegistry.Spec(envs[0]).RewardThreshold;
        var plot = groups.Count == 1
            ? LearningCurve.ForSeeds(envs[0], groups[0].Key, groups[0].Item2, threshold, window)
            : LearningCurve.Compare(envs[0], groups, threshold, window);
        string output = args.Value("out") ?? "learning_curves";
        if (output.EndsWith(".svg", StringComparison.Ordinal) || output.EndsWith(".png", StringComparison.Ordinal)) output = output[..^4];
        plot.Save(output);
        Console.WriteLine($"{output}.svg");
        Console.WriteLine($"{output}.png");
        return 0;
    }
}
