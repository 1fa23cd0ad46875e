using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The <see cref="Conv2d"/> layer: PyTorch's default initialisation, shapes and parameter names.</summary>
public class Conv2dLayerTests
{
    [Fact]
    public void InitialisesLikePyTorchWithFanInChannelsTimesKernelArea()
    {
        var conv = new Conv2d(4, 32, 8, new Rng(1), stride: 4);
        Assert.Equal([32, 4, 8, 8], conv.Weight.Shape);
        double bound = 1 / Math.Sqrt(4 * 8 * 8) * (1 + 1e-6); // float rounding room
        Assert.All(conv.Weight.Data, w => Assert.InRange(w, -bound, bound));
        Assert.All(conv.Bias!.Data, b => Assert.InRange(b, -bound, bound));
        // U(-b, b) has standard deviation b/√3.
        double mean = conv.Weight.Data.Average(v => (double)v);
        double sd = Math.Sqrt(conv.Weight.Data.Average(v => (v - mean) * (v - mean)));
        Assert.Equal(bound / Math.Sqrt(3), sd, 0.05 * bound);
        Assert.Equal(0, mean, 0.05 * bound);
    }

    [Fact]
    public void NatureDqnShapes()
    {
        var rng = new Rng(2);
        var net = new Sequential(
            new Conv2d(4, 32, 8, rng, stride: 4), new ReLU(),
            new Conv2d(32, 64, 4, rng, stride: 2), new ReLU(),
            new Conv2d(64, 64, 3, rng, stride: 1));
        var y = net.Forward(Tensor.Zeros(2, 4, 84, 84));
        Assert.Equal([2, 64, 7, 7], y.Shape);
        Assert.Equal(20, ((Conv2d)net[0]).OutputSize(84));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" }, net.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void ForwardIsTheOpWithTheLayersParameters()
    {
        var conv = new Conv2d(3, 5, 3, new Rng(3), stride: 2, padding: 1, bias: false);
        Assert.Null(conv.Bias);
        var x = FiniteDifference.Uniform(4, -1, 1, 2, 3, 9, 9);
        Assert.Equal(Tensor.Conv2d(x, conv.Weight, null, 2, 1).Data, conv.Forward(x).Data);
        conv.Forward(x).Sum().Backward();
        Assert.NotNull(conv.Weight.Grad);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(3, 5, 0, new Rng(1)));
    }
}
