using System.Xml.Linq;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public sealed class LearningCurveTests : IDisposable
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-curve").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void RunningMeanAveragesTheLastWindowValues()
    {
        Assert.Equal([1, 1.5, 2, 3, 4], LearningCurve.RunningMean([1, 2, 3, 4, 5], 3));
        Assert.Equal([10.0], LearningCurve.RunningMean([10], 100));
    }

    [Fact]
    public void RunPlotHasTheTitleSeriesAndThreshold()
    {
        var plot = LearningCurve.ForRun("CartPole-v1", "DQN", 7, [10, 30, 60], [10, 20, 30], 475, window: 2);
        var doc = XDocument.Parse(plot.ToSvg());
        Assert.Contains("CartPole-v1 - DQN - seed 7", doc.Descendants(s_svg + "text").Select(t => t.Value));
        string[] labels = [.. doc.Descendants().Select(e => e.Attribute("data-label")?.Value).OfType<string>()];
        Assert.Equal(["episode return", "mean of last 2", "threshold 475"], labels);
        // The running mean of (10, 20, 30) over 2 is (10, 15, 25): its points keep the same x as the returns
        // and sit at heights whose ratios match.
        var lines = doc.Descendants(s_svg + "polyline").Where(p => p.Attribute("data-label") != null).ToList();
        double[] raw = [.. lines[0].Attribute("points")!.Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))];
        double[] mean = [.. lines[1].Attribute("points")!.Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(raw[0], mean[0], 1);
        Assert.Equal((raw[1] + raw[2]) / 2, mean[2], 1);
    }

    [Fact]
    public void SeedsAreAveragedOnACommonGrid()
    {
        SeedCurve[] runs =
        [
            new(1, [10, 20, 30, 40], [0, 10, 20, 30]),
            new(2, [15, 25, 40, 50], [10, 20, 30, 40]),
        ];
        var (grid, sampled, mean, lower, upper) = LearningCurve.AcrossSeeds(runs, window: 1, points: 5);
        Assert.Equal([0, 10, 20, 30, 40], grid);               // up to the shorter run's last step
        Assert.Equal([double.NaN, 0, 10, 20, 30], sampled[0]);
        Assert.Equal([double.NaN, double.NaN, 10, 20, 30], sampled[1]);
        Assert.Equal([double.NaN, 0, 10, 20, 30], mean);       // one seed at step 10: its value, no spread
        Assert.Equal(0, upper[1] - lower[1]);
        var plot = LearningCurve.ForSeeds("Pendulum-v1", "SAC", runs, rewardThreshold: null);
        var doc = XDocument.Parse(plot.ToSvg());
        Assert.Contains("Pendulum-v1 - SAC - 2 seeds", doc.Descendants(s_svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void OneSeedIsTitledInTheSingularAndDrawnWithoutASpread()
    {
        var doc = XDocument.Parse(LearningCurve.ForSeeds("CartPole-v1", "ppo", [new(1, [10, 20, 30], [5, 6, 7])], window: 100).ToSvg());
        var texts = doc.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("CartPole-v1 - ppo - 1 seed", texts);
        Assert.Contains("mean of last 100", texts);
        Assert.DoesNotContain("mean +/- std", texts);
    }

    [Fact]
    public void SpreadIsThePopulationStandardDeviationAcrossSeeds()
    {
        SeedCurve[] runs = [new(1, [5, 10], [2, 2]), new(2, [5, 10], [4, 4]), new(3, [5, 10], [9, 9])];
        var (_, _, mean, lower, upper) = LearningCurve.AcrossSeeds(runs, window: 1, points: 2);
        double sd = Math.Sqrt(((2 - 5.0) * (2 - 5.0) + (4 - 5.0) * (4 - 5.0) + (9 - 5.0) * (9 - 5.0)) / 3);
        Assert.Equal(5, mean[1], 12);
        Assert.Equal(5 - sd, lower[1], 12);
        Assert.Equal(5 + sd, upper[1], 12);
    }

    [Fact]
    public void CurveComesStraightFromAMetricsFile()
    {
        using (var log = MetricLogger.Create(_dir, new MetricLoggerOptions { TensorBoard = false }))
        {
            log.Log(20, MetricNames.EpisodicReturn, 20);
            log.Log(20, MetricNames.EpisodicLength, 20);
            log.Log(45, MetricNames.EpisodicReturn, 25);
        }
        var plot = LearningCurve.FromMetrics(MetricsCsv.Read(Path.Combine(_dir, MetricLogger.CsvFileName)), "CartPole-v1", "PPO", 0, 475);
        plot.Save(Path.Combine(_dir, "learning_curve"));
        var doc = XDocument.Load(Path.Combine(_dir, "learning_curve.svg"));
        var raw = doc.Descendants(s_svg + "polyline").First(p => p.Attribute("data-label")?.Value == "episode return");
        Assert.Equal(2, raw.Attribute("points")!.Value.Split(' ').Length);
        Assert.True(File.Exists(Path.Combine(_dir, "learning_curve.png")));
    }

    [Fact]
    public void EvalHistogramCountsEveryEpisode()
    {
        double[] returns = [100, 200, 200, 300, 500];
        var doc = XDocument.Parse(LearningCurve.EvalHistogram("CartPole-v1", "DQN", returns, 475, bins: 4).ToSvg());
        var bars = doc.Descendants(s_svg + "rect").Where(r => r.Attribute("data-label")?.Value == "episodes").ToList();
        Assert.Equal(4, bars.Count);   // [100, 200): 1, [200, 300): 2, [300, 400): 1, [400, 500]: 1
        string[] labels = [.. doc.Descendants(s_svg + "text").Select(t => t.Value)];
        Assert.Contains("mean 260", labels);
        Assert.Contains("threshold 475", labels);
    }
}
