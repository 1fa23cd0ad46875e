using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Finite-difference checks of the binary ops and scalar arithmetic, broadcasting included.</summary>
public class ArithmeticGradTests
{
    public static TheoryData<string, int[], int[]> Shapes() => new()
    {
        { "same", [3, 4], [3, 4] },
        { "row", [3, 4], [4] },
        { "column", [3, 1], [3, 4] },
        { "column-right", [3, 4], [3, 1] },
        { "scalar", [2, 3], [] },
        { "both", [2, 1, 3], [4, 1] },
    };

    private static Tensor[] Inputs(int[] a, int[] b) => [GradCheck.Random(1, -2, 2, a), GradCheck.Random(2, 0.5, 2, b)];

    [Theory, MemberData(nameof(Shapes))]
    public void Add(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => x[0] + x[1], Inputs(a, b)); }

    [Theory, MemberData(nameof(Shapes))]
    public void Sub(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => x[1] - x[0], Inputs(a, b)); }

    [Theory, MemberData(nameof(Shapes))]
    public void Mul(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => x[0] * x[1], Inputs(a, b)); }

    [Theory, MemberData(nameof(Shapes))]
    public void Div(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => x[0] / x[1], Inputs(a, b)); }

    [Theory, MemberData(nameof(Shapes))]
    public void Maximum(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => Tensor.Maximum(x[0], x[1]), Inputs(a, b)); }

    [Theory, MemberData(nameof(Shapes))]
    public void Minimum(string name, int[] a, int[] b) { _ = name; GradCheck.Check(x => Tensor.Minimum(x[0], x[1]), Inputs(a, b)); }

    [Fact]
    public void ExtremaSplitTiesAndSelectValues()
    {
        var a = new Tensor([1f, 2f, 3f], 3) { RequiresGrad = true };
        var b = new Tensor([2f, 2f, 1f], 3) { RequiresGrad = true };
        var m = Tensor.Maximum(a, b);
        Assert.Equal([2f, 2f, 3f], m.Data);
        m.Sum().Backward();
        Assert.Equal([0f, 0.5f, 1f], a.Grad!.Data);
        Assert.Equal([1f, 0.5f, 0f], b.Grad!.Data);
        Assert.Equal([1f, 2f, 1f], Tensor.Minimum(a, b).Data);
    }

    [Fact]
    public void ScalarArithmetic() =>
        GradCheck.Check(x => (3f - x[0] * 2f + 1f) / 4f - 0.5f * x[0], [GradCheck.Random(3, -2, 2, 5)]);

    [Fact]
    public void OneInputUsedTwiceAccumulates() => GradCheck.Check(x => x[0] * x[0] + x[0], [GradCheck.Random(4, -2, 2, 2, 3)]);

    [Fact]
    public void BroadcastForwardMatchesLoops()
    {
        var a = GradCheck.Random(5, -1, 1, 2, 1, 3);
        var b = GradCheck.Random(6, -1, 1, 4, 1);
        var c = a * b;
        Assert.Equal([2, 4, 3], c.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(a.Data[i * 3 + k] * b.Data[j], c.Data[(i * 4 + j) * 3 + k]);
    }

    [Fact]
    public void IncompatibleShapesNameBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", e.Message, StringComparison.Ordinal);
    }
}
