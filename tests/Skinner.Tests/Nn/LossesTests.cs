using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Losses: hand-computed values, reductions, gradients by finite differences, shape errors.</summary>
public class LossesTests
{
    private static readonly Tensor s_input = new([0f, 0.5f, 3f, -2f], 4);
    private static readonly Tensor s_target = new([0f, 0f, 0f, 0f], 4);

    [Fact]
    public void MseByHand()
    {
        Assert.Equal((0 + 0.25f + 9 + 4) / 4f, Losses.Mse(s_input, s_target).Item(), 6);
        Assert.Equal(0 + 0.25f + 9 + 4, Losses.Mse(s_input, s_target, Reduction.Sum).Item(), 6);
        Assert.Equal([0f, 0.25f, 9f, 4f], Losses.Mse(s_input, s_target, Reduction.None).Data);
    }

    [Fact]
    public void HuberAndSmoothL1ByHand()
    {
        // delta 1: 0, 0.125, 2.5, 1.5
        Assert.Equal([0f, 0.125f, 2.5f, 1.5f], Losses.Huber(s_input, s_target, 1f, Reduction.None).Data);
        // delta 2: 0, 0.125, 2·(3 - 1) = 4, 0.5·4 = 2 (boundary)
        Assert.Equal([0f, 0.125f, 4f, 2f], Losses.Huber(s_input, s_target, 2f, Reduction.None).Data);
        // smooth L1 beta 0.5: 0, 0.5 - 0.25 = 0.25 (boundary), 2.75, 1.75
        Assert.Equal([0f, 0.25f, 2.75f, 1.75f], Losses.SmoothL1(s_input, s_target, 0.5f, Reduction.None).Data);
        Assert.Equal([0f, 0.5f, 3f, 2f], Losses.SmoothL1(s_input, s_target, 0f, Reduction.None).Data);
    }

    [Fact]
    public void CrossEntropyByHand()
    {
        var logits = new Tensor([1f, 2f, 3f, 0f, 0f, 0f], 2, 3);
        var target = new IntTensor([2, 0], 2);
        double l0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3, l1 = Math.Log(3);
        Assert.Equal((l0 + l1) / 2, Losses.CrossEntropy(logits, target).Item(), 5);
        Assert.Equal(l0 + l1, Losses.CrossEntropy(logits, target, Reduction.Sum).Item(), 5);
    }

    [Fact]
    public void Gradients()
    {
        Tensor[] pair = [GradCheck.Random(61, -3, 3, 4, 3), GradCheck.Random(62, -3, 3, 4, 3)];
        GradCheck.Check(x => Losses.Mse(x[0], x[1]), pair);
        GradCheck.Check(x => Losses.Huber(x[0], x[1], 1.5f), pair);
        GradCheck.Check(x => Losses.SmoothL1(x[0], x[1], 0.7f, Reduction.Sum), pair);
        GradCheck.Check(x => Losses.CrossEntropy(x[0], new IntTensor([0, 2, 1, 2], 4)), [GradCheck.Random(63, -3, 3, 4, 3)]);
    }

    [Fact]
    public void MismatchedShapesAreAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.Mse(Tensor.Zeros(4, 1), Tensor.Zeros(4)));
        Assert.Contains("[4, 1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(Tensor.Zeros(4, 3), new IntTensor([0, 1], 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Huber(Tensor.Zeros(2), Tensor.Zeros(2), 0f));
    }
}
