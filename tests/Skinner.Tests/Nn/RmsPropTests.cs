using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class RmsPropTests
{
    private static Tensor Param(params float[] v) => new((float[])v.Clone(), v.Length);

    [Fact]
    public void DefaultsArePyTorchs()
    {
        var o = new RmsPropOptions();
        Assert.Equal((1e-2, 0.99, 1e-8, 0.0, 0.0, false), (o.LearningRate, o.Alpha, o.Eps, o.WeightDecay, o.Momentum, o.Centered));
    }

    [Fact]
    public void FirstStepDividesByTheRootOfTheAverage()
    {
        // s = 0.01 g², avg = 0.1 |g| + eps: the step is lr·g/(0.1|g|) = 0.1·sign(g).
        var p = Param(1f, 1f);
        var rms = new RmsProp([p]);
        p.Grad = Param(4f, -0.5f);
        rms.Step();
        Assert.Equal(0.9f, p.Data[0], 5);
        Assert.Equal(1.1f, p.Data[1], 5);
        Assert.Equal(0.16f, rms.ExportState().Tensors["0.square_avg"].Data[0], 6);
    }

    [Fact]
    public void CenteredSubtractsTheSquaredMeanGradient()
    {
        // s = 0.01 g², a = 0.01 g, avg = sqrt(0.01 g² - 0.0001 g²) = sqrt(0.0099)·|g|.
        var p = Param(0f);
        var rms = new RmsProp([p], new RmsPropOptions { Centered = true, Eps = 0 });
        p.Grad = Param(2f);
        rms.Step();
        Assert.Equal(-0.01 / Math.Sqrt(0.0099), p.Data[0], 5);
        Assert.Equal(["square_avg", "grad_avg"], rms.StateNames);
    }

    [Fact]
    public void MomentumBufferStartsAtZero()
    {
        var p = Param(0f);
        var rms = new RmsProp([p], new RmsPropOptions { Momentum = 0.5, Eps = 0, Alpha = 0 });
        p.Grad = Param(2f);
        rms.Step(); // s = 4, avg = 2, buf = 0.5·0 + 1 = 1
        rms.Step(); // buf = 0.5 + 1 = 1.5
        Assert.Equal(-0.01f * 2.5f, p.Data[0], 6);
        Assert.Equal(1.5f, rms.ExportState().Tensors["0.momentum_buffer"].Data[0]);
    }

    [Theory]
    [InlineData(1.5, 0, "Alpha")]
    [InlineData(-0.1, 0, "Alpha")]
    [InlineData(0.99, -1, "Momentum")]
    public void RejectsBadOptionsNamingThem(double alpha, double momentum, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp([Param(1f)], new RmsPropOptions { Alpha = alpha, Momentum = momentum }));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void AdamStateIsRejected()
    {
        var p = Param(1f);
        var adam = new Adam([p]);
        p.Grad = Param(1f);
        adam.Step();
        var e = Assert.Throws<InvalidDataException>(() => new RmsProp([Param(1f)]).ImportState(adam.ExportState()));
        Assert.Contains("adam", e.Message, StringComparison.Ordinal);
    }
}
