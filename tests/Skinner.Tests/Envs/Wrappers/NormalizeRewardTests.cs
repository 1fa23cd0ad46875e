using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class NormalizeRewardTests
{
    [Fact]
    public void DividesByTheStandardDeviationOfTheDiscountedReturn()
    {
        double[] rewards = [1, 2, -3, 0.5, 4, 1, -1, 2];
        bool[] terminated = [false, false, true, false, false, false, true, false];
        var script = Enumerable.Range(0, rewards.Length + 1).Select(i => new float[] { i }).ToArray();
        const double Gamma = 0.9;
        using var env = new NormalizeReward(new ScriptedEnv(script, rewards, terminated), gamma: Gamma);
        env.Reset();
        var returns = new List<double>();
        double g = 0;
        for (int t = 0; t < rewards.Length; t++)
        {
            double got = env.Step([0]).Reward;
            g = g * Gamma * (terminated[t] ? 0 : 1) + rewards[t];
            returns.Add(g);
            // Pooled with the prior pseudo-sample (weight 1e-4, mean 0, variance 1).
            double n = 1e-4 + returns.Count;
            double mean = returns.Sum() / n;
            double var = (1e-4 * (1 + mean * mean) + returns.Sum(x => (x - mean) * (x - mean))) / n;
            Assert.Equal(rewards[t] / Math.Sqrt(var + 1e-8), got, 10);
        }
    }

    [Fact]
    public void FreezingKeepsTheScale()
    {
        var script = Enumerable.Range(0, 5).Select(i => new float[] { i }).ToArray();
        using var env = new NormalizeReward(new ScriptedEnv(script, [3, 1, 4, 1]));
        env.Reset();
        env.Step([0]);
        env.Step([0]);
        env.UpdateStatistics = false;
        double var = env.Statistics.Var[0];
        Assert.Equal(4 / Math.Sqrt(var + 1e-8), env.Step([0]).Reward, 12);
        Assert.Equal(var, env.Statistics.Var[0]);
        var saved = RunningStatistics.Collect(env);
        Assert.Equal(["return_rms.count", "return_rms.mean", "return_rms.var"], saved.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RefusesADiscountOutsideZeroToOne()
    {
        var script = new float[][] { [0] };
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward(new ScriptedEnv(script), gamma: 1.5));
    }
}
