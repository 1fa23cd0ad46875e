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

    // Contiguous lanes of one to three numbers (a policy's logits over a few actions) take their own loops (lanes of one
    // number have no gradient to check; ShortLanesEqualTheGeneralLoopBitForBit covers them).
    public static TheoryData<int[]> ShortLanes() => new() { { [5, 2] }, { [4, 3] }, { [3, 2, 2] } };

    [Theory, MemberData(nameof(ShortLanes))]
    public void SoftmaxOverShortLanes(int[] shape) => GradCheck.Check(x => x[0].Softmax(-1), X(shape));

    [Theory, MemberData(nameof(ShortLanes))]
    public void LogSoftmaxOverShortLanes(int[] shape) => GradCheck.Check(x => x[0].LogSoftmax(-1), X(shape));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void ShortLanesEqualTheGeneralLoopBitForBit(int length, bool log)
    {
        // The same lanes laid out down the columns of the transpose go through the general loop (a strided lane is
        // copied out and run through the span helpers); values and gradients must agree to the last bit.
        const int rows = 37;
        var rng = new Rng(5);
        var x = new float[rows * length];
        var w = new float[rows * length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextNormal() * 3);
            w[i] = (float)rng.NextNormal();
        }
        if (length > 1) x[length] = float.NegativeInfinity; // a masked category in the second lane
        var xt = new float[x.Length];
        var wt = new float[w.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < length; j++)
            {
                xt[(j * rows) + r] = x[(r * length) + j];
                wt[(j * rows) + r] = w[(r * length) + j];
            }
        }
        var a = new Tensor(x, rows, length).RequireGrad();
        var b = new Tensor(xt, length, rows).RequireGrad();
        var ya = log ? a.LogSoftmax(1) : a.Softmax(1);
        var yb = log ? b.LogSoftmax(0) : b.Softmax(0);
        (ya * new Tensor(w, rows, length)).Sum().Backward();
        (yb * new Tensor(wt, length, rows)).Sum().Backward();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < length; j++)
            {
                int at = (r * length) + j, atT = (j * rows) + r;
                Assert.Equal(BitConverter.SingleToInt32Bits(yb.Data[atT]), BitConverter.SingleToInt32Bits(ya.Data[at]));
                Assert.Equal(BitConverter.SingleToInt32Bits(b.Grad!.Data[atT]), BitConverter.SingleToInt32Bits(a.Grad!.Data[at]));
            }
        }
    }

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
