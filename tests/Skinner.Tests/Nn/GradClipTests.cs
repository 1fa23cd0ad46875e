using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class GradClipTests
{
    private static Tensor WithGrad(params float[] g) => new(new float[g.Length], g.Length) { Grad = new Tensor((float[])g.Clone(), g.Length) };

    [Fact]
    public void ScalesAllGradientsByTheJointNorm()
    {
        var a = WithGrad(3f);
        var b = WithGrad(0f, 4f);
        double total = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5.0, total, 12);
        float coef = (float)(1.0 / (5.0 + 1e-6));
        Assert.Equal([3f * coef], a.Grad!.Data);
        Assert.Equal([0f, 4f * coef], b.Grad!.Data);
    }

    [Fact]
    public void LeavesSmallGradientsUntouched()
    {
        var a = WithGrad(0.3f, -0.4f);
        Assert.Equal(0.5, GradClip.ClipGradNorm([a], 1.0), 6);
        Assert.Equal([0.3f, -0.4f], a.Grad!.Data);
    }

    [Fact]
    public void InfinityNormIsTheLargestMagnitude()
    {
        var a = WithGrad(1f, -6f, 2f);
        double total = GradClip.ClipGradNorm([a], 3.0, double.PositiveInfinity);
        Assert.Equal(6.0, total);
        Assert.Equal(-3f, a.Grad!.Data[1], 5);
    }

    [Fact]
    public void OneNormSumsMagnitudes()
    {
        var a = WithGrad(1f, -2f);
        var b = WithGrad(3f);
        Assert.Equal(6.0, GradClip.ClipGradNorm([a, b], 100, 1), 12);
    }

    [Fact]
    public void LongGradientsUseTheVectorPathCorrectly()
    {
        for (int n = 1; n <= 70; n++)
        {
            var g = Enumerable.Range(0, n).Select(i => (float)(i % 7 - 3)).ToArray();
            double expected = Math.Sqrt(g.Sum(v => (double)v * v));
            Assert.Equal(expected, GradClip.ClipGradNorm([WithGrad(g)], 1e9), 9);
        }
    }

    [Fact]
    public void ParametersWithoutGradientsAreIgnored()
    {
        var none = new Tensor([1f], 1);
        Assert.Equal(0.0, GradClip.ClipGradNorm([none], 1.0));
        var a = WithGrad(2f);
        Assert.Equal(2.0, GradClip.ClipGradNorm([none, a], 1.0), 12);
        Assert.Null(none.Grad);
    }

    [Fact]
    public void ClipValueClampsEveryElement()
    {
        var a = WithGrad([.. Enumerable.Range(-20, 41).Select(i => i * 0.1f)]);
        GradClip.ClipGradValue([a], 0.5);
        for (int i = 0; i < a.Grad!.Numel; i++)
        {
            float x = (i - 20) * 0.1f;
            Assert.Equal(Math.Clamp(x, -0.5f, 0.5f), a.Grad.Data[i]);
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([WithGrad(1f)], -1)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([WithGrad(1f)], 1, 0)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue([WithGrad(1f)], double.NaN)).ParamName);
    }
}
