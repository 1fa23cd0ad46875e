using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Finite-difference checks of matmul and the fused linear map.</summary>
public class LinearAlgebraGradTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 4)]
    [InlineData(7, 2, 6)]
    public void MatMul(int m, int k, int n) =>
        GradCheck.Check(x => Tensor.MatMul(x[0], x[1]), [GradCheck.Random(31, -1, 1, m, k), GradCheck.Random(32, -1, 1, k, n)]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Linear(bool bias)
    {
        Tensor[] inputs = bias
            ? [GradCheck.Random(33, -1, 1, 4, 5), GradCheck.Random(34, -1, 1, 3, 5), GradCheck.Random(35, -1, 1, 3)]
            : [GradCheck.Random(33, -1, 1, 4, 5), GradCheck.Random(34, -1, 1, 3, 5)];
        GradCheck.Check(x => Tensor.Linear(x[0], x[1], bias ? x[2] : null), inputs);
    }

    [Fact]
    public void LinearOnBatchesOfAnyRankAndOnAVector()
    {
        GradCheck.Check(x => Tensor.Linear(x[0], x[1], x[2]), [GradCheck.Random(36, -1, 1, 2, 3, 4), GradCheck.Random(37, -1, 1, 5, 4), GradCheck.Random(38, -1, 1, 5)]);
        var v = Tensor.Linear(GradCheck.Random(39, -1, 1, 4), GradCheck.Random(40, -1, 1, 2, 4));
        Assert.Equal([2], v.Shape);
    }

    [Fact]
    public void LinearEqualsMatMulWithTransposeAndBias()
    {
        var x = GradCheck.Random(41, -1, 1, 3, 4);
        var w = GradCheck.Random(42, -1, 1, 2, 4);
        var b = GradCheck.Random(43, -1, 1, 2);
        var y = Tensor.Linear(x, w, b);
        for (int i = 0; i < 3; i++)
            for (int o = 0; o < 2; o++)
            {
                double s = b.Data[o];
                for (int k = 0; k < 4; k++) s += x.Data[i * 4 + k] * w.Data[o * 4 + k];
                Assert.Equal(s, y.Data[i * 2 + o], 5);
            }
    }

    [Fact]
    public void ShapeErrorsAreClear()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3), Tensor.Zeros(3)));
    }
}
