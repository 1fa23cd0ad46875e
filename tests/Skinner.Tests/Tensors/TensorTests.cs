using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Construction, factories and copies.</summary>
public class TensorTests
{
    [Fact]
    public void FactoriesFillAndShape()
    {
        Assert.Equal([1f, 1f, 1f, 1f], Tensor.Ones(2, 2).Data);
        Assert.Equal([2.5f, 2.5f], Tensor.Full(2.5f, 2).Data);
        var f = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([2, 3], f.Shape);
        Assert.Equal([3], Tensor.From([1f, 2f, 3f]).Shape);
        Assert.Throws<ArgumentException>(() => new Tensor(new float[5], 2, 3));
    }

    [Fact]
    public void RandomFactoriesAreSeededAndDistributed()
    {
        var a = Tensor.Randn(new Rng(3), 1000);
        Assert.Equal(a.Data, Tensor.Randn(new Rng(3), 1000).Data);
        double mean = a.Data.Average(v => (double)v);
        double var = a.Data.Average(v => ((double)v - mean) * (v - mean));
        Assert.True(Math.Abs(mean) < 0.15 && Math.Abs(var - 1) < 0.15, $"mean {mean} var {var}");
        var u = Tensor.Uniform(new Rng(4), -2f, 3f, 10, 10);
        Assert.All(u.Data, v => Assert.InRange(v, -2f, 3f));
        Assert.True(u.Data.Max() > 2f && u.Data.Min() < -1f);
    }

    [Fact]
    public void CloneCopiesAndCopyFromChecksSize()
    {
        var t = Tensor.From([1f, 2f], 2);
        var c = t.Clone();
        c.Data[0] = 9f;
        Assert.Equal(1f, t.Data[0]);
        t.CopyFrom(c);
        Assert.Equal(9f, t.Data[0]);
        Assert.Throws<ArgumentException>(() => t.CopyFrom(Tensor.Zeros(3)));
        Assert.Equal(9f, Tensor.Scalar(9f).Item());
        Assert.Throws<InvalidOperationException>(() => t.Item());
    }

    [Fact]
    public void IntTensorChecksItsShape()
    {
        var i = new IntTensor([1, 2, 3, 4], 2, 2);
        Assert.Equal([4], i.Reshape(-1).Shape);
        Assert.Throws<ArgumentException>(() => new IntTensor([1, 2, 3], 2, 2));
    }
}
