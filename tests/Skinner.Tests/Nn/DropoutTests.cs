using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The <see cref="Dropout"/> layer and the <see cref="Tensor.Dropout"/> op.</summary>
public class DropoutTests
{
    [Fact]
    public void EvaluationModeIsTheIdentity()
    {
        var layer = new Dropout(0.5f, new Rng(1));
        layer.Eval();
        var x = FiniteDifference.Uniform(2, -1, 1, 4, 8);
        Assert.Same(x, layer.Forward(x));
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void TrainingZeroesAboutPAndScalesTheRestByOneOverOneMinusP(float p)
    {
        var layer = new Dropout(p, new Rng(3));
        var x = FiniteDifference.Uniform(4, 0.5, 1.5, 100, 100).RequireGrad(false);
        var y = layer.Forward(x);
        int dropped = 0;
        for (int i = 0; i < x.Numel; i++)
        {
            if (y.Data[i] == 0f) dropped++;
            else Assert.Equal(x.Data[i] / (1 - p), y.Data[i], 1e-6f * y.Data[i]);
        }
        // 10,000 Bernoulli draws: the fraction is within 5 standard deviations of p.
        double sd = Math.Sqrt(p * (1 - p) / x.Numel);
        Assert.InRange(dropped / (double)x.Numel, p - 5 * sd, p + 5 * sd);
    }

    [Fact]
    public void TheGradientGoesThroughTheSameMask()
    {
        var x = FiniteDifference.Uniform(5, -1, 1, 6, 7);
        // A fresh generator with the same seed on every call gives the same mask, as the check needs.
        FiniteDifference.Check(t => Tensor.Dropout(t[0], 0.3f, new Rng(9)), [x]);
        x.Grad = null;
        var y = Tensor.Dropout(x, 0.3f, new Rng(9));
        y.Sum().Backward();
        for (int i = 0; i < x.Numel; i++) Assert.Equal(y.Data[i] == 0f ? 0f : 1f / 0.7f, x.Grad!.Data[i], 1e-6f);
    }

    [Fact]
    public void TheSameSeedGivesTheSameMasks()
    {
        var x = Tensor.Ones(3, 50);
        var a = new Dropout(0.4f, new Rng(11));
        var b = new Dropout(0.4f, new Rng(11));
        Assert.Equal(a.Forward(x).Data, b.Forward(x).Data);
        Assert.Equal(a.Forward(x).Data, b.Forward(x).Data);
        Assert.NotEqual(a.Forward(x).Data, Tensor.Dropout(x, 0.4f, new Rng(12)).Data);
    }

    [Fact]
    public void EdgeProbabilities()
    {
        var x = FiniteDifference.Uniform(6, -1, 1, 5);
        Assert.All(Tensor.Dropout(x, 1f, new Rng(1)).Data, v => Assert.Equal(0f, v));
        Assert.Equal(x.Data, Tensor.Dropout(x, 0f, new Rng(1)).Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5f, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Dropout(x, -0.1f, new Rng(1)));
    }
}
