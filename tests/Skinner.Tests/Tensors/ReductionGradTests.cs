using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Finite-difference checks of the reductions and the softmax family, on every dim of 2-D and 3-D inputs.</summary>
public class ReductionGradTests
{
    public static TheoryData<int[], int, bool> Dims() => new()
    {
        { [3, 4], 0, false },
        { [3, 4], 1, true },
        { [3, 4], -1, false },
        { [2, 3, 4], 1, false },
        { [2, 3, 4], 0, true },
        { [2, 3, 4], 2, false },
    };

    private static Tensor[] X(int[] shape) => [GradCheck.Random(21, -2, 2, shape)];

    [Fact] public void SumAll() => GradCheck.Check(x => x[0].Sum(), X([3, 4]));
    [Fact] public void MeanAll() => GradCheck.Check(x => x[0].Mean(), X([3, 4]));
    [Fact] public void MaxAll() => GradCheck.Check(x => x[0].Max(), X([3, 4]));

    [Theory, MemberData(nameof(Dims))]
    public void Sum(int[] shape, int dim, bool keep) => GradCheck.Check(x => x[0].Sum(dim, keep), X(shape));

    [Theory, MemberData(nameof(Dims))]
    public void Mean(int[] shape, int dim, bool keep) => GradCheck.Check(x => x[0].Mean(dim, keep), X(shape));

    [Theory, MemberData(nameof(Dims))]
    public void Max(int[] shape, int dim, bool keep) => GradCheck.Check(x => x[0].Max(dim, keep).Values, X(shape));

    [Theory, MemberData(nameof(Dims))]
    public void LogSumExp(int[] shape, int dim, bool keep) => GradCheck.Check(x => x[0].LogSumExp(dim, keep), X(shape));

    [Theory, MemberData(nameof(Dims))]
    public void Softmax(int[] shape, int dim, bool keep) { _ = keep; GradCheck.Check(x => x[0].Softmax(dim), X(shape)); }

    [Theory, MemberData(nameof(Dims))]
    public void LogSoftmax(int[] shape, int dim, bool keep) { _ = keep; GradCheck.Check(x => x[0].LogSoftmax(dim), X(shape)); }

    [Fact]
    public void MaxReturnsFirstIndexAndArgmaxAgrees()
    {
        var x = new Tensor([1f, 3f, 3f, -1f, 5f, 2f], 2, 3);
        var (values, indices) = x.Max(1);
        Assert.Equal([3f, 5f], values.Data);
        Assert.Equal([1, 1], indices.Data);
        Assert.Equal([2], indices.Shape);
        Assert.Equal([1, 1], x.Argmax(1).Data);
        Assert.Equal([0, 1, 0], x.Argmax(0).Data);
        Assert.Equal([1, 3], x.Max(0, keepDim: true).Values.Shape);
    }

    [Fact]
    public void SoftmaxSurvivesHugeLogits()
    {
        var x = new Tensor([1000f, 0f, -1000f, 100f], 1, 4);
        var p = x.Softmax(1);
        Assert.Equal(1f, p.Data[0]);
        Assert.Equal(0f, p.Data[2]);
        var lse = x.LogSumExp(1);
        Assert.Equal(1000f, lse.Data[0]);
        Assert.Equal(-900f, x.LogSoftmax(1).Data[3]);
    }

    [Fact]
    public void BadDimIsNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.Contains("rank 2", e.Message, StringComparison.Ordinal);
    }
}
