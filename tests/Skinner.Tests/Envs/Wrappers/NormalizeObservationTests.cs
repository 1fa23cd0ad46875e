using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class NormalizeObservationTests
{
    private static readonly float[][] s_script = [[1, -3], [2, 5], [4, 0.5f], [8, -1], [-6, 2], [0.25f, 7]];

    // The running statistics equal pooling the samples with a pseudo-sample of weight 1e-4, mean 0, variance 1.
    private static (double Mean, double Var) Pooled(IEnumerable<double> xs)
    {
        const double Eps = 1e-4;
        var list = xs.ToList();
        double n = Eps + list.Count;
        double mean = list.Sum() / n;
        double m2 = Eps * (1 + mean * mean) + list.Sum(x => (x - mean) * (x - mean));
        return (mean, m2 / n);
    }

    [Fact]
    public void NormalisesWithTheStatisticsOfEveryObservationSoFar()
    {
        using var env = new NormalizeObservation(new ScriptedEnv(s_script));
        var outputs = new List<float[]> { env.Reset().Observation };
        for (int t = 1; t < s_script.Length; t++) outputs.Add(env.Step([0]).Observation);
        for (int t = 0; t < s_script.Length; t++)
        {
            for (int j = 0; j < 2; j++)
            {
                var (mean, var) = Pooled(s_script.Take(t + 1).Select(o => (double)o[j]));
                Assert.Equal((float)((s_script[t][j] - mean) / Math.Sqrt(var + 1e-8)), outputs[t][j], 5);
            }
        }
        var (m, v) = Pooled(s_script.Select(o => (double)o[1]));
        Assert.Equal(m, env.Statistics.Mean[1], 12);
        Assert.Equal(v, env.Statistics.Var[1], 12);
        Assert.Equal(1e-4 + s_script.Length, env.Statistics.Count, 12);
    }

    [Fact]
    public void FrozenStatisticsStayPut()
    {
        using var env = new NormalizeObservation(new ScriptedEnv(s_script));
        env.Reset();
        env.Step([0]);
        double mean = env.Statistics.Mean[0], var = env.Statistics.Var[0];
        env.UpdateStatistics = false;
        var obs = env.Step([0]).Observation;
        Assert.Equal(mean, env.Statistics.Mean[0]);
        Assert.Equal(var, env.Statistics.Var[0]);
        Assert.Equal((float)((s_script[2][0] - mean) / Math.Sqrt(var + 1e-8)), obs[0]);
    }

    [Fact]
    public void StatisticsRoundTripThroughNamedArrays()
    {
        using var trained = new NormalizeObservation(new ScriptedEnv(s_script));
        trained.Reset();
        for (int t = 0; t < 3; t++) trained.Step([0]);
        var saved = RunningStatistics.Collect(trained);
        Assert.Equal(["obs_rms.count", "obs_rms.mean", "obs_rms.var"], saved.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((float)trained.Statistics.Mean[1], saved["obs_rms.mean"][1]);

        using var restored = new NormalizeObservation(new ScriptedEnv(s_script));
        RunningStatistics.Restore(restored, saved);
        RunningStatistics.SetUpdating(restored, false);
        Assert.False(restored.UpdateStatistics);
        Assert.Equal(saved["obs_rms.var"][0], (float)restored.Statistics.Var[0]);
        var obs = restored.Reset().Observation;
        double expected = (s_script[0][0] - (double)saved["obs_rms.mean"][0]) / Math.Sqrt(saved["obs_rms.var"][0] + 1e-8);
        Assert.Equal((float)expected, obs[0]);
    }

    [Fact]
    public void RestoringRefusesMissingOrMisSizedStatistics()
    {
        using var env = new NormalizeObservation(new ScriptedEnv(s_script));
        Assert.Contains("obs_rms.mean", Assert.Throws<ArgumentException>(() => RunningStatistics.Restore(env, new Dictionary<string, float[]>())).Message, StringComparison.Ordinal);
        var wrongSize = new Dictionary<string, float[]> { ["obs_rms.mean"] = [0], ["obs_rms.var"] = [1], ["obs_rms.count"] = [1] };
        Assert.Throws<ArgumentException>(() => RunningStatistics.Restore(env, wrongSize));
    }

    [Fact]
    public void TwoNormalisersNeedTwoNames()
    {
        using var same = new NormalizeObservation(new NormalizeObservation(new ScriptedEnv(s_script)));
        Assert.Throws<InvalidOperationException>(() => RunningStatistics.Collect(same));
        using var named = new NormalizeObservation(new NormalizeObservation(new ScriptedEnv(s_script)), name: "outer");
        Assert.Equal(6, RunningStatistics.Collect(named).Count);
    }

    [Fact]
    public void TheSpaceBecomesUnboundedWithTheSameShape()
    {
        using var env = new NormalizeObservation(new RandomWalkEnv());
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([3], box.Shape);
        Assert.Equal(float.NegativeInfinity, box.Low[0]);
    }
}
