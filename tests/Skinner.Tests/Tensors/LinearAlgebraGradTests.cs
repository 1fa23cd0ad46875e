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

    [Theory]
    [InlineData(true, "relu")]
    [InlineData(false, "relu")]
    [InlineData(true, "tanh")]
    [InlineData(false, "tanh")]
    public void FusedActivationMatchesLinearThenActivationInValuesAndGradients(bool bias, string activation)
    {
        // Sizes past the recycling threshold of intermediate gradients, and a downstream op so that the fused
        // node's upstream gradient is a recycled buffer on the second pass.
        var rng = new Rng(44);
        var x = Tensor.Uniform(rng, -1f, 1f, 40, 24).RequireGrad();
        var w = Tensor.Uniform(rng, -0.5f, 0.5f, 30, 24).RequireGrad();
        var b = bias ? Tensor.Uniform(rng, -0.5f, 0.5f, 30).RequireGrad() : null;
        var up = Tensor.Uniform(rng, -1f, 1f, 40, 30);
        bool relu = activation == "relu";
        float[][] Run(bool fused)
        {
            x.Grad = null;
            w.Grad = null;
            if (b is not null) b.Grad = null;
            var y = fused
                ? relu ? Tensor.LinearRelu(x, w, b) : Tensor.LinearTanh(x, w, b)
                : relu ? Tensor.Linear(x, w, b).Relu() : Tensor.Linear(x, w, b).Tanh();
            (y * up).Tanh().Sum().Backward();
            return [y.Data, x.Grad!.Data, w.Grad!.Data, b?.Grad!.Data ?? []];
        }
        for (int pass = 0; pass < 2; pass++)
        {
            var reference = Run(fused: false);
            var fused = Run(fused: true);
            if (relu) Assert.Contains(reference[0], v => v == 0f); // some units are off, so the mask matters
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], fused[i]);
        }
    }

    [Fact]
    public void LinearReluPassesAFiniteDifferenceCheck() =>
        GradCheck.Check(x => Tensor.LinearRelu(x[0], x[1], x[2]), [GradCheck.Random(45, -1, 1, 4, 5), GradCheck.Random(46, -1, 1, 3, 5), GradCheck.Random(47, -1, 1, 3)]);

    [Fact]
    public void LinearTanhPassesAFiniteDifferenceCheck() =>
        GradCheck.Check(x => Tensor.LinearTanh(x[0], x[1], x[2]), [GradCheck.Random(49, -1, 1, 4, 5), GradCheck.Random(50, -1, 1, 3, 5), GradCheck.Random(51, -1, 1, 3)]);

    [Fact]
    public void SequentialFusesLinearWithReluAndTanhWithoutChangingTheResult()
    {
        var rng = new Rng(48);
        var net = new Skinner.Nn.Sequential(new Skinner.Nn.Linear(6, 16, rng), new Skinner.Nn.ReLU(), new Skinner.Nn.Linear(16, 8, rng), new Skinner.Nn.Tanh(), new Skinner.Nn.Linear(8, 2, rng));
        var x = Tensor.Uniform(rng, -1f, 1f, 5, 6);
        var fused = net.Forward(x);
        var l0 = (Skinner.Nn.Linear)net[0];
        var l2 = (Skinner.Nn.Linear)net[2];
        var l4 = (Skinner.Nn.Linear)net[4];
        var plain = Tensor.Linear(Tensor.Linear(Tensor.Linear(x, l0.Weight, l0.Bias).Relu(), l2.Weight, l2.Bias).Tanh(), l4.Weight, l4.Bias);
        Assert.Equal(plain.Data, fused.Data);
    }
}
