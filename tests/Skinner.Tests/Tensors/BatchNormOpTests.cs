using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Gradient and statistics checks of <see cref="Tensor.BatchNorm"/> (the layers are tested in BatchNormTests).</summary>
public class BatchNormOpTests
{
    [Theory]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 6, 19 })]
    [InlineData(new[] { 3, 2, 3, 4 })]
    [InlineData(new[] { 4, 2, 3 })]
    [InlineData(new[] { 2, 3, 2, 3 })]
    [InlineData(new[] { 1, 2, 2, 2 })]
    public void TrainingGradientsFlowThroughTheBatchStatistics(int[] shape)
    {
        int c = shape[1];
        var x = GradCheck.Random(11, -2, 2, shape);
        var weight = GradCheck.Random(12, 0.5, 1.5, c);
        var bias = GradCheck.Random(13, -1, 1, c);
        // No running statistics: each evaluation of the function must see the same op.
        GradCheck.Check(t => Tensor.BatchNorm(t[0], null, null, t[1], t[2], training: true), [x, weight, bias], h: 1e-2, tol: 5e-3);
    }

    [Fact]
    public void EvaluationGradientsUseTheRunningStatistics()
    {
        var x = GradCheck.Random(14, -2, 2, 3, 4);
        var weight = GradCheck.Random(15, 0.5, 1.5, 4);
        var bias = GradCheck.Random(16, -1, 1, 4);
        var mean = GradCheck.Random(17, -1, 1, 4).RequireGrad(false);
        var variance = GradCheck.Random(18, 0.5, 2, 4).RequireGrad(false);
        GradCheck.Check(t => Tensor.BatchNorm(t[0], mean, variance, t[1], t[2], training: false), [x, weight, bias]);
    }

    [Fact]
    public void TrainingNormalisesEachChannelAndUpdatesTheRunningStatistics()
    {
        var x = GradCheck.Random(19, -3, 5, 6, 2, 3).RequireGrad(false);
        var runningMean = Tensor.From([0.5f, -0.5f]);
        var runningVar = Tensor.From([2f, 0.25f]);
        var y = Tensor.BatchNorm(x, runningMean, runningVar, null, null, training: true, momentum: 0.2f, eps: 0f);
        for (int c = 0; c < 2; c++)
        {
            var values = Channel(x, c);
            double mean = values.Average(), biased = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
            var normalised = Channel(y, c);
            Assert.Equal(0, normalised.Average(), 1e-5);
            Assert.Equal(1, normalised.Sum(v => v * v) / normalised.Length, 1e-4);
            double m = values.Length;
            Assert.Equal(0.8 * (c == 0 ? 0.5 : -0.5) + 0.2 * mean, runningMean.Data[c], 1e-5);
            Assert.Equal(0.8 * (c == 0 ? 2 : 0.25) + 0.2 * biased * m / (m - 1), runningVar.Data[c], 1e-5);
        }
    }

    [Fact]
    public void TrainingWithOneValuePerChannelIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Tensor.Zeros(1, 3), null, null, null, null, training: true));
        Assert.Contains("more than one value per channel", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Tensor.Zeros(2, 3), null, null, null, null, training: false));
        Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Tensor.Zeros(2, 3), Tensor.Zeros(2), Tensor.Ones(3), null, null, training: false));
    }

    private static double[] Channel(Tensor t, int c)
    {
        int channels = t.Shape[1], inner = t.Numel / (t.Shape[0] * channels);
        var v = new List<double>();
        for (int n = 0; n < t.Shape[0]; n++)
        {
            for (int i = 0; i < inner; i++) v.Add(t.Data[(n * channels + c) * inner + i]);
        }
        return [.. v];
    }
}
