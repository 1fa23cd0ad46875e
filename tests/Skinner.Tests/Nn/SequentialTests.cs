using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

public class SequentialTests
{
    private static Sequential Mlp() => new(new Linear(4, 8, new Rng(3)), new ReLU(), new Linear(8, 8, new Rng(4)), new Tanh(), new Linear(8, 2, new Rng(5)), new Sigmoid());

    [Fact]
    public void ParametersAreNamedByIndex()
    {
        var net = Mlp();
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(6, net.StateDict().Count);
        Assert.Equal(6, net.Count);
        Assert.IsType<ReLU>(net[1]);
    }

    [Fact]
    public void ForwardChainsTheLayers()
    {
        var net = Mlp();
        var x = GradCheck.Random(9, -1, 1, 3, 4);
        var manual = net[5].Forward(net[4].Forward(net[3].Forward(net[2].Forward(net[1].Forward(net[0].Forward(x))))));
        Assert.Equal(manual.Data, net.Forward(x).Data);
    }

    [Fact]
    public void GradientsReachEveryParameter()
    {
        var net = Mlp();
        var x = GradCheck.Random(9, -1, 1, 3, 4);
        net.Forward(x).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.Contains(p.Grad!.Data, g => g != 0));
        Assert.NotNull(x.Grad); // the input required grad, so it gets one too
    }

    [Fact]
    public void FrozenModulePassesGradientsToItsInputButComputesNoneForItsParameters()
    {
        var x = GradCheck.Random(9, -1, 1, 3, 4);
        Mlp().Forward(x).Sum().Backward();

        var net = Mlp();
        var bias = net.NamedParameters().Single(p => p.Name == "2.bias").Tensor;
        bias.RequiresGrad = false; // frozen before the scope: must stay frozen after it
        var y = GradCheck.Random(9, -1, 1, 3, 4);
        using (net.Frozen())
        {
            Assert.All(net.Parameters(), p => Assert.False(p.RequiresGrad));
            net.Forward(y).Sum().Backward();
        }
        Assert.Equal(x.Grad!.Data, y.Grad!.Data); // the same input gradient, bit for bit
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
        Assert.All(net.NamedParameters().Where(p => p.Name != "2.bias"), p => Assert.True(p.Tensor.RequiresGrad));
        Assert.False(bias.RequiresGrad);
    }

    [Fact]
    public void TrainAndEvalReachChildren()
    {
        var net = Mlp();
        net.Eval();
        Assert.All(net.Children(), c => Assert.False(c.Module.Training));
        net.Train();
        Assert.All(net.Children(), c => Assert.True(c.Module.Training));
    }

    [Fact]
    public void EmptyIsRejected() => Assert.Throws<ArgumentException>(() => new Sequential());
}
