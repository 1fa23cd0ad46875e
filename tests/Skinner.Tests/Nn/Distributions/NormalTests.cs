using Skinner.Nn.Distributions;
using Skinner.Tensors;

namespace Skinner.Tests;

public class NormalTests
{
    [Fact]
    public void LogProbAndEntropyMatchTheirDefinitions()
    {
        var mean = FiniteDifference.Uniform(1, -1, 1, 2, 3);
        var std = FiniteDifference.Uniform(2, 0.3, 2, 2, 3);
        var x = FiniteDifference.Uniform(3, -2, 2, 2, 3);
        var d = new Normal(mean, std);
        var lp = d.LogProb(x);
        var h = d.Entropy();
        var lpSum = d.LogProbSum(x);
        Assert.Equal([2], lpSum.Shape);
        for (int i = 0; i < 6; i++)
        {
            double m = mean.Data[i], s = std.Data[i], v = x.Data[i];
            Assert.Equal(-(v - m) * (v - m) / (2 * s * s) - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI), lp.Data[i], 1e-5);
            Assert.Equal(0.5 + 0.5 * Math.Log(2 * Math.PI) + Math.Log(s), h.Data[i], 1e-5);
        }
        Assert.Equal(lp.Data[0] + lp.Data[1] + lp.Data[2], lpSum.Data[0], 1e-5);
        Assert.Equal(h.Data[3] + h.Data[4] + h.Data[5], d.EntropySum().Data[1], 1e-5);
    }

    [Fact]
    public void LogProbGradientsMatchFiniteDifferences()
    {
        var mean = FiniteDifference.Uniform(4, -1, 1, 3, 2);
        var std = FiniteDifference.Uniform(5, 0.5, 1.5, 3, 2);
        var x = FiniteDifference.Uniform(6, -1, 1, 3, 2);
        FiniteDifference.Check(t => new Normal(t[0], t[1]).LogProb(t[2]), [mean, std, x], h: 1e-3);
    }

    [Fact]
    public void ASharedStdBroadcastsAndItsGradientIsSummedOverTheBatch()
    {
        var mean = FiniteDifference.Uniform(7, -1, 1, 4, 3);
        var std = FiniteDifference.Uniform(8, 0.5, 1.5, 3);
        var x = FiniteDifference.Uniform(9, -1, 1, 4, 3);
        FiniteDifference.Check(t => new Normal(t[0], t[1]).LogProb(t[2]), [mean, std, x], h: 1e-3);
        FiniteDifference.Check(t => new Normal(t[0], t[1]).Entropy(), [mean, std], h: 1e-3);
        Assert.Equal([4, 3], new Normal(mean, std).Entropy().Shape);
        Assert.Throws<ArgumentException>(() => new Normal(Tensor.Zeros(4, 3), Tensor.Ones(2)));
    }

    [Fact]
    public void SamplesHaveTheMeanAndStd()
    {
        var d = new Normal(Tensor.From([1.5f, -2f], 1, 2), Tensor.From([0.5f, 3f], 1, 2));
        var rng = new Rng(5);
        const int draws = 20000;
        var sum = new double[2];
        var sq = new double[2];
        for (int i = 0; i < draws; i++)
        {
            var s = d.Sample(rng);
            for (int j = 0; j < 2; j++)
            {
                sum[j] += s.Data[j];
                sq[j] += (double)s.Data[j] * s.Data[j];
            }
        }
        double[] mu = [1.5, -2], sigma = [0.5, 3];
        for (int j = 0; j < 2; j++)
        {
            double m = sum[j] / draws, sd = Math.Sqrt(sq[j] / draws - m * m);
            Assert.Equal(mu[j], m, 5 * sigma[j] / Math.Sqrt(draws));
            Assert.Equal(sigma[j], sd, 5 * sigma[j] / Math.Sqrt(2.0 * draws));
        }
        Assert.Equal(d.Sample(new Rng(9)).Data, d.Sample(new Rng(9)).Data);
    }

    [Fact]
    public void RSampleCarriesGradientsAndSampleDoesNot()
    {
        var mean = FiniteDifference.Uniform(10, -1, 1, 2, 2);
        var std = FiniteDifference.Uniform(11, 0.5, 1.5, 2, 2);
        var d = new Normal(mean, std);
        Assert.True(d.Sample(new Rng(3)).IsLeaf);
        var s = d.RSample(new Rng(3));
        Assert.Equal(d.Sample(new Rng(3)).Data, s.Data);
        s.Sum().Backward();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(1f, mean.Grad!.Data[i]);
            // d(μ + σε)/dσ = ε = (sample - μ)/σ.
            Assert.Equal((s.Data[i] - mean.Data[i]) / std.Data[i], std.Grad!.Data[i], 1e-5f);
        }
    }
}
