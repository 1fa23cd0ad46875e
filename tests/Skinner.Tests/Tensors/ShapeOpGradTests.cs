using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Finite-difference checks of gather, cat and the reshaping views.</summary>
public class ShapeOpGradTests
{
    [Fact]
    public void GatherAlongDim1WithRepeatedIndices()
    {
        var index = new IntTensor([0, 0, 2, 1, 3, 3], 3, 2);
        GradCheck.Check(x => x[0].Gather(1, index), [GradCheck.Random(51, -1, 1, 3, 4)]);
        var g = GradCheck.Random(51, -1, 1, 3, 4);
        g.Gather(1, index).Sum().Backward();
        Assert.Equal(2f, g.Grad!.Data[0]); // repeated index accumulates
    }

    [Fact]
    public void GatherAlongDim0AndForwardValues()
    {
        var x = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        var y = x.Gather(0, new IntTensor([2, 0], 1, 2));
        Assert.Equal([5f, 2f], y.Data);
        GradCheck.Check(t => t[0].Gather(0, new IntTensor([2, 0, 1, 1], 2, 2)), [GradCheck.Random(52, -1, 1, 3, 2)]);
    }

    [Fact]
    public void GatherRejectsBadIndices()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, new IntTensor([0, 3], 2, 1)));
        Assert.Throws<ArgumentException>(() => x.Gather(1, new IntTensor([0, 1], 2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Cat(int dim)
    {
        int[] other = dim == 0 ? [1, 3] : [2, 1];
        GradCheck.Check(x => Tensor.Cat(x, dim), [GradCheck.Random(53, -1, 1, 2, 3), GradCheck.Random(54, -1, 1, other), GradCheck.Random(55, -1, 1, 2, 3)]);
    }

    [Fact]
    public void CatOfAMiddleDimPlacesBlocks()
    {
        var a = new Tensor([1f, 2f, 3f, 4f], 2, 1, 2);
        var b = new Tensor([5f, 6f, 7f, 8f], 2, 1, 2);
        var c = Tensor.Cat([a, b], 1);
        Assert.Equal([2, 2, 2], c.Shape);
        Assert.Equal([1f, 2f, 5f, 6f, 3f, 4f, 7f, 8f], c.Data);
        Assert.Throws<ArgumentException>(() => Tensor.Cat([a, Tensor.Zeros(3, 1, 2)], 1));
    }

    [Fact]
    public void CatWithOneInputNotRequiringGrad()
    {
        var a = GradCheck.Random(56, -1, 1, 2, 3);
        var b = GradCheck.Random(57, -1, 1, 2, 1);
        b.RequiresGrad = false;
        Tensor.Cat([a, b], 1).Sum().Backward();
        Assert.Null(b.Grad);
        Assert.All(a.Grad!.Data, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void ReshapeViewsShareData()
    {
        GradCheck.Check(x => x[0].Reshape(3, -1) * x[0].Reshape(3, 2), [GradCheck.Random(58, -1, 1, 2, 3)]);
        var t = Tensor.Zeros(2, 3);
        var v = t.Reshape(-1);
        v.Data[4] = 7f;
        Assert.Equal(7f, t.Data[4]);
        Assert.Equal([2, 1, 3], t.Unsqueeze(1).Shape);
        Assert.Equal([2, 3, 1], t.Unsqueeze(-1).Shape);
        Assert.Equal([2, 3], t.Unsqueeze(1).Squeeze(1).Shape);
        Assert.Equal([2, 3], Tensor.Zeros(2, 3, 1).Flatten().Shape);
        Assert.Throws<ArgumentException>(() => t.Reshape(4, -1));
        Assert.Throws<ArgumentException>(() => t.Squeeze(0));
    }
}
