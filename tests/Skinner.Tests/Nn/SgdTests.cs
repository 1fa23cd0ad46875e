using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class SgdTests
{
    private static Tensor Param(params float[] v) => new((float[])v.Clone(), v.Length);

    [Fact]
    public void PlainStepIsLearningRateTimesGradient()
    {
        var p = Param(1f, 2f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.5 });
        p.Grad = Param(0.5f, -1f);
        sgd.Step();
        Assert.Equal([0.75f, 2.5f], p.Data);
    }

    [Fact]
    public void MomentumBufferStartsAsTheFirstGradient()
    {
        var p = Param(1f, 2f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        p.Grad = Param(0.5f, -1f);
        sgd.Step(); // buf = g: p = [1 - 0.05, 2 + 0.1]
        Assert.Equal(0.95f, p.Data[0], 6);
        Assert.Equal(2.1f, p.Data[1], 6);
        sgd.Step(); // buf = 0.9 g + g = 1.9 g: p -= 0.1 * 1.9 g
        Assert.Equal(0.95f - 0.095f, p.Data[0], 6);
        Assert.Equal(2.1f + 0.19f, p.Data[1], 6);
        Assert.Equal([0.95f, -1.9f], sgd.ExportState().Tensors["0.momentum_buffer"].Data);
    }

    [Fact]
    public void NesterovLooksAhead()
    {
        var p = Param(1f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true });
        p.Grad = Param(1f);
        sgd.Step(); // buf = 1, d = g + 0.9 buf = 1.9
        Assert.Equal(1f - 0.19f, p.Data[0], 6);
    }

    [Fact]
    public void WeightDecayAddsL2Gradient()
    {
        var p = Param(2f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 1, WeightDecay = 0.1 });
        p.Grad = Param(0f);
        sgd.Step();
        Assert.Equal(1.8f, p.Data[0], 6);
    }

    [Fact]
    public void DampeningScalesLaterGradients()
    {
        var p = Param(0f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 1, Momentum = 0.5, Dampening = 0.5 });
        p.Grad = Param(1f);
        sgd.Step(); // buf = 1
        sgd.Step(); // buf = 0.5 + 0.5 = 1
        Assert.Equal(-2f, p.Data[0]);
    }

    [Fact]
    public void NoMomentumMeansNoState()
    {
        var p = Param(1f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1 });
        p.Grad = Param(1f);
        sgd.Step();
        Assert.Empty(sgd.ExportState().Tensors);
        Assert.Empty(sgd.StateNames);
    }

    [Theory]
    [InlineData(-0.1, 0, 0, 0, false, "LearningRate")]
    [InlineData(double.NaN, 0, 0, 0, false, "LearningRate")]
    [InlineData(0.1, -0.5, 0, 0, false, "Momentum")]
    [InlineData(0.1, 0.9, 1.5, 0, false, "Dampening")]
    [InlineData(0.1, 0, 0, -1, false, "WeightDecay")]
    [InlineData(0.1, 0, 0, 0, true, "Nesterov")]
    [InlineData(0.1, 0.9, 0.1, 0, true, "Nesterov")]
    public void RejectsBadOptionsNamingThem(double lr, double momentum, double dampening, double wd, bool nesterov, string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Sgd([Param(1f)], new SgdOptions
        {
            LearningRate = lr, Momentum = momentum, Dampening = dampening, WeightDecay = wd, Nesterov = nesterov,
        }));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}
