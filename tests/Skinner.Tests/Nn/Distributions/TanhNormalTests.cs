using Skinner.Nn.Distributions;
using Skinner.Tensors;

namespace Skinner.Tests;

public class TanhNormalTests
{
    [Fact]
    public void LogProbIsTheGaussianMinusTheLogJacobianOfTanh()
    {
        var mean = FiniteDifference.Uniform(1, -1, 1, 2, 3);
        var std = FiniteDifference.Uniform(2, 0.3, 1.5, 2, 3);
        var u = FiniteDifference.Uniform(3, -2, 2, 2, 3);
        var lp = new TanhNormal(mean, std).LogProbOfPreTanh(u);
        Assert.Equal([2], lp.Shape);
        for (int r = 0; r < 2; r++)
        {
            double expected = 0;
            for (int j = 0; j < 3; j++)
            {
                int i = r * 3 + j;
                double m = mean.Data[i], s = std.Data[i], v = u.Data[i], t = Math.Tanh(v);
                expected += -(v - m) * (v - m) / (2 * s * s) - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(1 - t * t);
            }
            Assert.Equal(expected, lp.Data[r], 1e-4);
        }
    }

    [Fact]
    public void TheCorrectionStaysFiniteWhereTanhSaturates()
    {
        var d = new TanhNormal(Tensor.Zeros(1, 2), Tensor.Ones(1, 2));
        var lp = d.LogProbOfPreTanh(Tensor.From([30f, -30f], 1, 2));
        Assert.True(float.IsFinite(lp.Data[0]));
        // ln(1 - tanh² u) → 2·(ln 2 - |u|) for large |u|.
        double expected = 2 * (-450 - 0.5 * Math.Log(2 * Math.PI) - 2 * (Math.Log(2) - 30));
        Assert.Equal(expected, lp.Data[0], 1e-3);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var mean = FiniteDifference.Uniform(4, -1, 1, 2, 2);
        var std = FiniteDifference.Uniform(5, 0.5, 1.5, 2, 2);
        var u = FiniteDifference.Uniform(6, -2, 2, 2, 2);
        FiniteDifference.Check(t => new TanhNormal(t[0], t[1]).LogProbOfPreTanh(t[2]), [mean, std, u], h: 1e-3);
    }

    [Fact]
    public void ReparameterisedActionsLieInsideTheBoxAndCarryGradients()
    {
        var mean = FiniteDifference.Uniform(7, -3, 3, 8, 2);
        var std = FiniteDifference.Uniform(8, 0.5, 2, 8, 2);
        var d = new TanhNormal(mean, std);
        var (action, logProb) = d.RSampleWithLogProb(new Rng(1));
        Assert.All(action.Data, a => Assert.InRange(a, -1f, 1f));
        Assert.Equal([8], logProb.Shape);
        (action.Sum() + logProb.Sum()).Backward();
        Assert.NotNull(mean.Grad);
        Assert.NotNull(std.Grad);
        Assert.Equal(d.Sample(new Rng(1)).Data, action.Data);
        for (int i = 0; i < 16; i++) Assert.Equal(MathF.Tanh(mean.Data[i]), d.Mode().Data[i], 1e-6f);
    }
}
