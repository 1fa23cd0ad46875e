using Skinner.Tensors;

namespace Skinner.Tests;

public class Conv2dTests
{
    [Theory]
    [InlineData(2, 3, 6, 7, 4, 3, 3, 1, 1)]
    [InlineData(1, 2, 9, 8, 3, 3, 3, 2, 0)]
    [InlineData(2, 2, 7, 9, 2, 2, 4, 3, 2)]
    [InlineData(1, 1, 5, 5, 2, 5, 5, 1, 0)]
    public void GradientsMatchFiniteDifferences(int n, int c, int h, int w, int o, int kh, int kw, int stride, int padding)
    {
        var x = GradCheck.Random(1, -1, 1, n, c, h, w);
        var weight = GradCheck.Random(2, -0.5, 0.5, o, c, kh, kw);
        var bias = GradCheck.Random(3, -0.5, 0.5, o);
        GradCheck.Check(t => Tensor.Conv2d(t[0], t[1], t[2], stride, padding), [x, weight, bias]);
    }

    [Theory]
    [InlineData(2, 4, 84, 84, 32, 8, 4, 0)]   // Nature DQN, first layer
    [InlineData(3, 3, 40, 90, 16, 5, 2, 0)]   // CartPole from pixels, first layer
    [InlineData(2, 16, 18, 43, 32, 5, 2, 0)]  // and its second layer
    [InlineData(1, 3, 11, 13, 5, 3, 1, 1)]
    [InlineData(2, 2, 10, 10, 3, 3, 3, 2)]
    [InlineData(2, 6, 20, 20, 8, 4, 2, 1)]    // 4x4 kernel rows: the 8-wide copy overruns each and is overwritten
    public void ForwardEqualsTheDefinition(int n, int c, int h, int w, int o, int k, int stride, int padding)
    {
        var x = GradCheck.Random(4, -1, 1, n, c, h, w);
        var weight = GradCheck.Random(5, -0.2, 0.2, o, c, k, k);
        var bias = GradCheck.Random(6, -1, 1, o);
        var y = Tensor.Conv2d(x, weight, bias, stride, padding);
        int hOut = (h + 2 * padding - k) / stride + 1, wOut = (w + 2 * padding - k) / stride + 1;
        Assert.Equal([n, o, hOut, wOut], y.Shape);
        for (int b = 0; b < n; b++)
        {
            for (int oc = 0; oc < o; oc++)
            {
                for (int i = 0; i < hOut; i++)
                {
                    for (int j = 0; j < wOut; j++)
                    {
                        double expected = Direct(x, weight, bias, b, oc, i, j, stride, padding);
                        float got = y.Data[((b * o + oc) * hOut + i) * wOut + j];
                        Assert.True(Math.Abs(got - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"out[{b},{oc},{i},{j}] = {got}, expected {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void GradientsAccumulateOverTwoBackwardPasses()
    {
        var x = GradCheck.Random(7, -1, 1, 2, 2, 5, 5);
        var weight = GradCheck.Random(8, -1, 1, 3, 2, 3, 3);
        Tensor.Conv2d(x, weight).Sum().Backward();
        var once = (float[])weight.Grad!.Data.Clone();
        Tensor.Conv2d(x, weight).Sum().Backward();
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], weight.Grad.Data[i], 1e-4f * (1 + Math.Abs(once[i])));
    }

    [Fact]
    public void NothingIsRecordedUnderNoGrad()
    {
        var x = GradCheck.Random(9, -1, 1, 1, 1, 4, 4);
        var weight = GradCheck.Random(10, -1, 1, 1, 1, 2, 2);
        using (Autograd.NoGrad()) Assert.True(Tensor.Conv2d(x, weight).IsLeaf);
        Assert.False(Tensor.Conv2d(x, weight).IsLeaf);
    }

    [Fact]
    public void BadShapesAreRejectedWithTheirSizes()
    {
        var x = Tensor.Zeros(1, 3, 8, 8);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(4, 2, 3, 3)));
        Assert.Contains("C = 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros(3, 8, 8), Tensor.Zeros(4, 3, 3, 3)));
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(4, 3, 9, 9)));
        Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros(4, 3, 3, 3), Tensor.Zeros(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Conv2d(x, Tensor.Zeros(4, 3, 3, 3), stride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Conv2d(x, Tensor.Zeros(4, 3, 3, 3), padding: -1));
    }

    private static double Direct(Tensor x, Tensor weight, Tensor bias, int b, int oc, int i, int j, int stride, int padding)
    {
        int c = x.Shape[1], h = x.Shape[2], w = x.Shape[3], k = weight.Shape[2];
        double s = bias.Data[oc];
        for (int ic = 0; ic < c; ic++)
        {
            for (int a = 0; a < k; a++)
            {
                for (int q = 0; q < k; q++)
                {
                    int y = i * stride + a - padding, xx = j * stride + q - padding;
                    if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
                    s += (double)x.Data[((b * c + ic) * h + y) * w + xx] * weight.Data[((oc * c + ic) * k + a) * k + q];
                }
            }
        }
        return s;
    }
}
