using System.Globalization;
using Skinner.Reporting.Logging;

namespace Skinner.Reporting.Plots;

/// <summary>One seed's training episodes: the global step at which each episode ended and its return.</summary>
public sealed record SeedCurve(int Seed, IReadOnlyList<long> Steps, IReadOnlyList<double> Returns);

/// <summary>
/// The plots every run ends with: the learning curve (episode returns and their running mean against
/// environment steps, the reward threshold as a dashed line), the same across seeds (mean ± standard deviation
/// band), and the histogram of evaluation returns.
/// </summary>
public static class LearningCurve
{
    /// <summary>Episodes in the running mean, as in Gymnasium's "solved" criteria.</summary>
    public const int DefaultWindow = 100;

    /// <summary>Mean of the last <paramref name="window"/> values at each index (fewer at the start).</summary>
    public static double[] RunningMean(IReadOnlyList<double> values, int window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var mean = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            mean[i] = sum / Math.Min(i + 1, window);
        }
        return mean;
    }

    /// <summary>The learning curve of one run, titled "ENV - ALGO - seed N".</summary>
    public static Plot ForRun(string environment, string algorithm, int seed, IReadOnlyList<long> steps, IReadOnlyList<double> returns,
        double? rewardThreshold = null, int window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(returns);
        if (steps.Count != returns.Count) throw new ArgumentException($"{steps.Count} steps but {returns.Count} returns; they must match.", nameof(returns));
        var plot = new Plot($"{environment} - {algorithm} - seed {seed}", "Environment steps", "Episode return");
        double[] x = [.. steps.Select(s => (double)s)];
        var color = PlotColor.Series(0);
        plot.Line("episode return", x, returns, color.Lighten(0.6), width: 1);
        plot.Line($"mean of last {window}", x, RunningMean(returns, window), color, width: 2.5);
        if (rewardThreshold is double t) plot.HorizontalLine(Threshold(t), t);
        return plot;
    }

    /// <summary>The learning curve of a run read back from its <c>metrics.csv</c>
    /// (<see cref="MetricNames.EpisodicReturn"/>).</summary>
    public static Plot FromMetrics(MetricTable metrics, string environment, string algorithm, int seed, double? rewardThreshold = null, int window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var returns = metrics[MetricNames.EpisodicReturn];
        return ForRun(environment, algorithm, seed, returns.Steps, returns.Values, rewardThreshold, window);
    }

    /// <summary>
    /// Several seeds on one plot: each seed's running mean is sampled on a common grid of
    /// <paramref name="points"/> steps (up to the shortest run), then drawn as the mean across seeds with a band of
    /// ± one standard deviation, over faint per-seed curves.
    /// </summary>
    public static Plot ForSeeds(string environment, string algorithm, IReadOnlyList<SeedCurve> runs, double? rewardThreshold = null,
        int window = DefaultWindow, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Any(r => r.Steps.Count == 0))
            throw new ArgumentException("Every seed needs at least one finished episode.", nameof(runs));
        if (runs.Any(r => r.Steps.Count != r.Returns.Count)) throw new ArgumentException("Each seed needs as many steps as returns.", nameof(runs));
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var (grid, sampled, mean, lower, upper) = AcrossSeeds(runs, window, points);
        string seeds = $"{runs.Count} seed{(runs.Count == 1 ? "" : "s")}";
        var plot = new Plot($"{environment} - {algorithm} - {seeds}", "Environment steps", "Episode return");
        var color = PlotColor.Series(0);
        // One seed has no spread to show: its running mean alone.
        if (runs.Count > 1)
        {
            plot.Band("mean +/- std", grid, lower, upper, color, 0.22);
            foreach (var s in sampled) plot.Line("", grid, s, color.Lighten(0.55), width: 1);
        }
        plot.Line(runs.Count == 1 ? $"mean of last {window}" : $"mean of {seeds}", grid, mean, color, width: 2.5);
        if (rewardThreshold is double t) plot.HorizontalLine(Threshold(t), t);
        return plot;
    }

    /// <summary>
    /// Several groups of runs on one plot (e.g. algorithms on one environment): for each group, the mean of its
    /// seeds' running means with a band of ± one standard deviation, in its own colour.
    /// </summary>
    public static Plot Compare(string environment, IReadOnlyList<(string Label, IReadOnlyList<SeedCurve> Runs)> groups, double? rewardThreshold = null,
        int window = DefaultWindow, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new ArgumentException("Compare needs at least one group of runs.", nameof(groups));
        var plot = new Plot($"{environment} - {string.Join(" vs ", groups.Select(g => g.Label))}", "Environment steps", "Episode return");
        for (int i = 0; i < groups.Count; i++)
        {
            var (label, runs) = groups[i];
            if (runs.Count == 0 || runs.Any(r => r.Steps.Count == 0)) throw new ArgumentException($"Group '{label}': every run needs at least one finished episode.", nameof(groups));
            var (grid, _, mean, lower, upper) = AcrossSeeds(runs, window, points);
            var color = PlotColor.Series(i);
            plot.Band("", grid, lower, upper, color, 0.18);
            plot.Line($"{label} ({runs.Count} seed{(runs.Count == 1 ? "" : "s")})", grid, mean, color, width: 2.5);
        }
        if (rewardThreshold is double t) plot.HorizontalLine(Threshold(t), t);
        return plot;
    }

    /// <summary>The histogram of evaluation returns, with their mean and the reward threshold as vertical lines.</summary>
    public static Plot EvalHistogram(string environment, string algorithm, IReadOnlyList<double> returns, double? rewardThreshold = null, int? bins = null)
    {
        var histogram = Histogram.Of(returns, bins);
        double mean = returns.Where(double.IsFinite).Average();
        var plot = new Plot($"{environment} - {algorithm} - {returns.Count} evaluation episodes", "Episode return", "Episodes");
        plot.Bars("episodes", histogram.Edges, [.. histogram.Counts.Select(c => (double)c)], PlotColor.Series(0));
        plot.VerticalLine("mean " + mean.ToString("0.##", CultureInfo.InvariantCulture), mean, PlotColor.Series(1), dashed: false, width: 2);
        if (rewardThreshold is double t) plot.VerticalLine(Threshold(t), t);
        return plot;
    }

    /// <summary>Each seed's running mean on a common grid, and the mean and mean ± population standard deviation
    /// across the seeds that have finished an episode by each grid step.</summary>
    internal static (double[] Grid, double[][] Sampled, double[] Mean, double[] Lower, double[] Upper) AcrossSeeds(
        IReadOnlyList<SeedCurve> runs, int window, int points)
    {
        double end = runs.Min(r => (double)r.Steps[^1]);
        double[] grid = [.. Enumerable.Range(0, points).Select(i => end * i / (points - 1))];
        double[][] sampled = [.. runs.Select(r => Sample(r.Steps, RunningMean(r.Returns, window), grid))];
        var mean = new double[points];
        var lower = new double[points];
        var upper = new double[points];
        for (int i = 0; i < points; i++)
        {
            double[] at = [.. sampled.Select(s => s[i]).Where(double.IsFinite)];
            if (at.Length == 0) { mean[i] = lower[i] = upper[i] = double.NaN; continue; }
            double m = at.Average();
            double sd = Math.Sqrt(at.Sum(v => (v - m) * (v - m)) / at.Length);
            (mean[i], lower[i], upper[i]) = (m, m - sd, m + sd);
        }
        return (grid, sampled, mean, lower, upper);
    }

    private static string Threshold(double t) => "threshold " + t.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The value of the last episode that ended at or before each grid step (NaN before the first).</summary>
    private static double[] Sample(IReadOnlyList<long> steps, double[] values, double[] grid)
    {
        var result = new double[grid.Length];
        int j = -1;
        for (int i = 0; i < grid.Length; i++)
        {
            while (j + 1 < steps.Count && steps[j + 1] <= grid[i]) j++;
            result[i] = j < 0 ? double.NaN : values[j];
        }
        return result;
    }
}
