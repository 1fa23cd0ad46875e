using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class AdamTests
{
    private static Tensor Param(params float[] v) => new((float[])v.Clone(), v.Length);

    [Fact]
    public void DefaultsArePyTorchs()
    {
        var o = new AdamOptions();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0, false), (o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.AmsGrad));
    }

    [Fact]
    public void FirstStepMovesByLearningRateTimesSign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps).
        var p = Param(1f, 1f, 1f);
        var adam = new Adam([p], new AdamOptions { LearningRate = 0.1 });
        p.Grad = Param(3f, -0.25f, 0f);
        adam.Step();
        Assert.Equal(0.9f, p.Data[0], 6);
        Assert.Equal(1.1f, p.Data[1], 6);
        Assert.Equal(1f, p.Data[2]);
    }

    [Fact]
    public void MatchesADoublePrecisionReferenceOverSeveralSteps()
    {
        float[] grads = [0.3f, -1.2f, 2f, 0.05f, -0.7f];
        var p = Param(0.5f);
        var o = new AdamOptions { LearningRate = 0.01, Beta1 = 0.8, Beta2 = 0.95, Eps = 1e-6, WeightDecay = 0.1, AmsGrad = true };
        var adam = new Adam([p], o);
        double rp = 0.5, m = 0, v = 0, vMax = 0;
        for (int t = 1; t <= grads.Length; t++)
        {
            p.Grad = Param(grads[t - 1]);
            adam.Step();
            double g = grads[t - 1] + o.WeightDecay * rp;
            m = o.Beta1 * m + (1 - o.Beta1) * g;
            v = o.Beta2 * v + (1 - o.Beta2) * g * g;
            vMax = Math.Max(vMax, v);
            rp -= o.LearningRate / (1 - Math.Pow(o.Beta1, t)) * m / (Math.Sqrt(vMax) / Math.Sqrt(1 - Math.Pow(o.Beta2, t)) + o.Eps);
            Assert.Equal(rp, p.Data[0], 5);
        }
        Assert.Equal(vMax, adam.ExportState().Tensors["0.max_exp_avg_sq"].Data[0], 5);
    }

    [Fact]
    public void AmsGradKeepsTheLargestSecondMoment()
    {
        var p = Param(0f);
        var adam = new Adam([p], new AdamOptions { AmsGrad = true, Beta2 = 0.5 });
        p.Grad = Param(10f);
        adam.Step();
        p.Grad = Param(0f);
        adam.Step();
        var s = adam.ExportState().Tensors;
        Assert.Equal(50f, s["0.max_exp_avg_sq"].Data[0]);
        Assert.Equal(25f, s["0.exp_avg_sq"].Data[0]);
    }

    [Fact]
    public void EachParameterHasItsOwnStepCount()
    {
        var a = Param(0f);
        var b = Param(0f);
        var adam = new Adam([a, b], new AdamOptions { LearningRate = 0.1 });
        a.Grad = Param(1f);
        adam.Step();
        b.Grad = Param(1f);
        adam.Step();
        Assert.Equal(2, adam.StepCount(0));
        Assert.Equal(1, adam.StepCount(1));
        // b's first step is bias-corrected as step 1: it moves by exactly lr.
        Assert.Equal(-0.1f, b.Data[0], 6);
    }

    [Theory]
    [InlineData(1.0, 0.999, "Beta1")]
    [InlineData(-0.1, 0.999, "Beta1")]
    [InlineData(0.9, 1.0, "Beta2")]
    [InlineData(0.9, double.NaN, "Beta2")]
    public void RejectsBetasOutsideTheUnitInterval(double beta1, double beta2, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([Param(1f)], new AdamOptions { Beta1 = beta1, Beta2 = beta2 }));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void RejectsNegativeEpsAndWeightDecay()
    {
        Assert.Equal("Eps", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([Param(1f)], new AdamOptions { Eps = -1 })).ParamName);
        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([Param(1f)], new AdamOptions { WeightDecay = -1 })).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([Param(1f)], new AdamOptions { LearningRate = -1 })).ParamName);
    }

    [Fact]
    public void StateWithoutAmsGradDoesNotLoadIntoAmsGrad()
    {
        var p = Param(1f);
        var plain = new Adam([p]);
        p.Grad = Param(1f);
        plain.Step();
        var ams = new Adam([Param(1f)], new AdamOptions { AmsGrad = true });
        var e = Assert.Throws<InvalidDataException>(() => ams.ImportState(plain.ExportState()));
        Assert.Contains("0.max_exp_avg_sq", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ams.StepCount(0));
    }
}
