using Skinner.Agents.Common;
using Skinner.Envs;

namespace Skinner.Cli;

/// <summary>The run's plots: learning curve and evaluation histogram, as SVG and PNG.</summary>
public static class Plots
{
    /// <summary>Writes learning_curve.svg/png from metrics.csv and eval_histogram.svg/png from the evaluation.</summary>
    public static void Write(RunDirectory run, RunConfig config, EnvSpec spec, EvaluationResult eval)
    {
        WriteHistogram(run, config, eval);
    }

    /// <summary>Writes eval_histogram.svg/png.</summary>
    public static void WriteHistogram(RunDirectory run, RunConfig config, EvaluationResult eval)
    {
    }
}

/// <summary><c>skinner plot RUN_DIR...</c>.</summary>
public static class PlotCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(IReadOnlyList<string> argv) => throw new UsageException("plot arrives with the plotting layer.");
}
