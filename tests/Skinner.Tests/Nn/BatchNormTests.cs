using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The <see cref="BatchNorm"/> layers: defaults, buffers, modes, running statistics and shape errors.</summary>
public class BatchNormTests
{
    [Fact]
    public void StartsAsPyTorchDoesAndListsItsBuffers()
    {
        var bn = new BatchNorm1d(3);
        Assert.Equal([1f, 1f, 1f], bn.Weight!.Data);
        Assert.Equal([0f, 0f, 0f], bn.Bias!.Data);
        Assert.Equal([0f, 0f, 0f], bn.RunningMean.Data);
        Assert.Equal([1f, 1f, 1f], bn.RunningVar.Data);
        Assert.Equal(new[] { "weight", "bias" }, bn.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { "running_mean", "running_var" }, bn.NamedBuffers().Select(p => p.Name));
        Assert.Equal(new[] { "0.weight", "0.bias", "0.running_mean", "0.running_var" }, new Sequential(bn).StateDict().Select(p => p.Name));
        Assert.Empty(new BatchNorm2d(4, affine: false).NamedParameters());
    }

    [Fact]
    public void TheModeFollowsTrainAndEval()
    {
        var bn = new BatchNorm2d(2, momentum: 0.5f);
        var x = FiniteDifference.Uniform(21, 1, 3, 4, 2, 3, 3).RequireGrad(false);
        var seq = new Sequential(bn);
        seq.Eval();
        var evalOut = seq.Forward(x);
        // Fresh running statistics (0, 1): evaluation is x/√(1 + eps), and nothing moves.
        for (int i = 0; i < x.Numel; i++) Assert.Equal(x.Data[i] / MathF.Sqrt(1 + 1e-5f), evalOut.Data[i], 1e-6f);
        Assert.Equal([0f, 0f], bn.RunningMean.Data);
        seq.Train();
        var trainOut = seq.Forward(x);
        Assert.All(bn.RunningMean.Data, m => Assert.InRange(m, 0.5f, 1.5f)); // half of a batch mean in [1, 3]
        Assert.NotEqual(evalOut.Data, trainOut.Data);
    }

    [Fact]
    public void RepeatedTrainingStepsConvergeToTheDataStatistics()
    {
        var bn = new BatchNorm1d(2);
        var rng = new Rng(3);
        for (int step = 0; step < 200; step++)
        {
            var x = Tensor.Zeros(64, 2);
            for (int n = 0; n < 64; n++)
            {
                x.Data[2 * n] = (float)(5 + 2 * rng.NextNormal());
                x.Data[2 * n + 1] = (float)(-1 + 0.5 * rng.NextNormal());
            }
            bn.Forward(x);
        }
        Assert.Equal(5, bn.RunningMean.Data[0], 0.3);
        Assert.Equal(-1, bn.RunningMean.Data[1], 0.1);
        Assert.Equal(4, bn.RunningVar.Data[0], 0.6);
        Assert.Equal(0.25, bn.RunningVar.Data[1], 0.05);
    }

    [Fact]
    public void WrongInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(4, 3, 2, 2)));
        Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros(4, 3)));
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(2, momentum: 1.5f));
    }
}
