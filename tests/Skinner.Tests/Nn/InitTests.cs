using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Initialisers: bounds, moments (U(-b, b) has variance b²/3), determinism, orthogonality.</summary>
public class InitTests
{
    private static (double Mean, double Std) Moments(float[] v)
    {
        double m = v.Average(x => (double)x);
        return (m, Math.Sqrt(v.Average(x => ((double)x - m) * (x - m))));
    }

    [Fact]
    public void ConvFanInUsesChannelsTimesKernel()
    {
        var w = Tensor.Zeros(16, 3, 5, 5);
        var b = Tensor.Zeros(16);
        Assert.Equal(75, Init.FanIn(w));
        Init.PyTorchDefault(w, b, new Rng(1));
        float bound = 1f / MathF.Sqrt(75);
        Assert.All(w.Data, x => Assert.True(MathF.Abs(x) < bound));
        Assert.All(b.Data, x => Assert.True(MathF.Abs(x) < bound));
        var (mean, std) = Moments(w.Data);
        Assert.True(Math.Abs(mean) < 0.1 * bound, $"mean {mean}");
        Assert.Equal(bound / Math.Sqrt(3), std, 0.05 * bound);
    }

    [Fact]
    public void SmallUniformForFinalLayers()
    {
        var w = Tensor.Zeros(1, 300);
        var b = Tensor.Zeros(1);
        Init.SmallUniform(w, b, new Rng(2));
        Assert.All(w.Data, x => Assert.True(MathF.Abs(x) <= 3e-3f));
        Assert.True(w.Data.Max() > 2e-3f && w.Data.Min() < -2e-3f, "values should fill the interval");
        Assert.NotEqual(0f, b.Data[0]);
    }

    [Fact]
    public void SameSeedSameValues()
    {
        var a = Tensor.Zeros(8, 8);
        var b = Tensor.Zeros(8, 8);
        Init.Orthogonal(a, new Rng(5), 2f);
        Init.Orthogonal(b, new Rng(5), 2f);
        Assert.Equal(a.Data, b.Data);
        Init.Orthogonal(b, new Rng(6), 2f);
        Assert.NotEqual(a.Data, b.Data);
    }

    [Theory]
    [InlineData(6, 4, 1.0)]
    [InlineData(4, 6, 1.4142135)]
    [InlineData(5, 5, 0.01)]
    public void OrthogonalRowsOrColumnsWithGain(int rows, int cols, double gain)
    {
        var w = Tensor.Zeros(rows, cols);
        Init.Orthogonal(w, new Rng(9), (float)gain);
        // W·Wᵀ = gain²·I when rows ≤ cols, Wᵀ·W = gain²·I otherwise.
        bool byRows = rows <= cols;
        int n = byRows ? rows : cols, len = byRows ? cols : rows;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++)
                    dot += byRows ? w.Data[i * cols + k] * w.Data[j * cols + k] : w.Data[k * cols + i] * w.Data[k * cols + j];
                Assert.Equal(i == j ? gain * gain : 0, dot, 1e-5 * Math.Max(1, gain * gain));
            }
    }

    [Fact]
    public void ConstantAndZeros()
    {
        var t = Tensor.Ones(3);
        Init.Zeros(t);
        Assert.All(t.Data, x => Assert.Equal(0f, x));
        Init.Constant(t, 0.5f);
        Assert.All(t.Data, x => Assert.Equal(0.5f, x));
        Assert.Throws<ArgumentException>(() => Init.FanIn(Tensor.Zeros(3)));
    }
}
