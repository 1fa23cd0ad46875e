using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

public class LinearTests
{
    [Fact]
    public void ShapesNamesAndForward()
    {
        var layer = new Linear(4, 3, new Rng(1));
        Assert.Equal([3, 4], layer.Weight.Shape);
        Assert.Equal([3], layer.Bias!.Shape);
        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Name));
        Assert.All(layer.Parameters(), p => Assert.True(p.RequiresGrad));
        var x = GradCheck.Random(2, -1, 1, 5, 4);
        var y = layer.Forward(x);
        Assert.Equal([5, 3], y.Shape);
        Assert.Equal(Tensor.Linear(x, layer.Weight, layer.Bias).Data, y.Data);
    }

    [Fact]
    public void WithoutBias()
    {
        var layer = new Linear(2, 2, new Rng(1), bias: false);
        Assert.Null(layer.Bias);
        Assert.Single(layer.Parameters());
    }

    [Fact]
    public void DefaultInitialisationIsPyTorchsAndSeeded()
    {
        var a = new Linear(400, 300, new Rng(7));
        var b = new Linear(400, 300, new Rng(7));
        Assert.Equal(a.Weight.Data, b.Weight.Data);
        float bound = 1f / MathF.Sqrt(400);
        Assert.All(a.Weight.Data, w => Assert.True(MathF.Abs(w) < bound));
        Assert.All(a.Bias!.Data, w => Assert.True(MathF.Abs(w) < bound));
        double mean = a.Weight.Data.Average(w => (double)w);
        double std = Math.Sqrt(a.Weight.Data.Average(w => (double)w * w) - mean * mean);
        Assert.True(Math.Abs(mean) < 0.01 * bound * 10, $"mean {mean}");
        Assert.Equal(bound / Math.Sqrt(3), std, 0.02 * bound);
    }

    [Fact]
    public void BadSizesAreRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(0, 3, new Rng(1)));
}
