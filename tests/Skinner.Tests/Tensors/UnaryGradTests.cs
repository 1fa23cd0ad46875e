using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Finite-difference checks of the unary ops, on inputs away from their kinks.</summary>
public class UnaryGradTests
{
    private static Tensor[] X(double lo, double hi, int seed = 11) => [GradCheck.Random(seed, lo, hi, 3, 5)];

    // Values in [lo, hi] with magnitude at least 0.05, so relu, abs and clamp are differentiable there.
    private static Tensor[] AwayFromZero(double lo, double hi)
    {
        var x = GradCheck.Random(13, lo, hi, 4, 6);
        for (int i = 0; i < x.Numel; i++)
        {
            if (MathF.Abs(x.Data[i]) < 0.05f) x.Data[i] = 0.3f;
        }
        return [x];
    }

    [Fact] public void Neg() => GradCheck.Check(x => x[0].Neg(), X(-2, 2));
    [Fact] public void Exp() => GradCheck.Check(x => x[0].Exp(), X(-3, 2));
    [Fact] public void Log() => GradCheck.Check(x => x[0].Log(), X(0.5, 3));
    [Fact] public void Sqrt() => GradCheck.Check(x => x[0].Sqrt(), X(0.5, 4));
    [Fact] public void Tanh() => GradCheck.Check(x => x[0].Tanh(), X(-2, 2));
    [Fact] public void Sigmoid() => GradCheck.Check(x => x[0].Sigmoid(), X(-4, 4));
    [Fact] public void Softplus() => GradCheck.Check(x => x[0].Softplus(), X(-4, 4));
    [Fact] public void SoftplusBeta() => GradCheck.Check(x => x[0].Softplus(2f, 3f), X(-2, 1.4));
    [Fact] public void SoftplusAboveThreshold() => GradCheck.Check(x => x[0].Softplus(1f, 1f), X(1.2, 3));
    [Fact] public void Relu() => GradCheck.Check(x => x[0].Relu(), AwayFromZero(-2, 2));
    [Fact] public void Abs() => GradCheck.Check(x => x[0].Abs(), AwayFromZero(-2, 2));
    [Fact] public void Clamp() => GradCheck.Check(x => x[0].Clamp(-0.6f, 0.7f), AwayFromZero(-2, 2));
    [Fact] public void ClampMinOnly() => GradCheck.Check(x => x[0].Clamp(min: 0.4f), AwayFromZero(-2, 2));

    [Theory]
    [InlineData(2.0, -2, 2)]
    [InlineData(3.0, -2, 2)]
    [InlineData(0.5, 0.5, 3)]
    [InlineData(-1.5, 0.5, 3)]
    [InlineData(2.5, 0.5, 3)]
    [InlineData(-1.0, 0.5, 3)]
    [InlineData(1.7, 0.5, 3)]
    public void Pow(double exponent, double lo, double hi) => GradCheck.Check(x => x[0].Pow((float)exponent), X(lo, hi));

    [Fact]
    public void KinksTakePyTorchsConventions()
    {
        var x = new Tensor([0f, -0.5f, 0.5f, 2f], 4) { RequiresGrad = true };
        x.Relu().Sum().Backward();
        Assert.Equal([0f, 0f, 1f, 1f], x.Grad!.Data);
        x.Grad = null;
        x.Abs().Sum().Backward();
        Assert.Equal([0f, -1f, 1f, 1f], x.Grad!.Data);
        x.Grad = null;
        x.Clamp(-0.5f, 0.5f).Sum().Backward(); // bounds included
        Assert.Equal([1f, 1f, 1f, 0f], x.Grad!.Data);
        x.Grad = null;
        x.Softplus(1f, 0.5f).Sum().Backward(); // 0.5 is exactly at the threshold: log branch (strict >)
        Assert.Equal(1f / (1f + MathF.Exp(-0.5f)), x.Grad!.Data[2], 6);
        Assert.Equal(1f, x.Grad.Data[3]);
    }

    [Fact]
    public void SpecialValues()
    {
        var x = new Tensor([-100f, 0f, 100f], 3);
        Assert.Equal([0f, 0.5f, 1f], x.Sigmoid().Data);
        Assert.Equal([-1f, 0f, 1f], x.Tanh().Data);
        var sp = x.Softplus().Data;
        Assert.Equal(Math.Exp(-100), sp[0], 1e-45); // e^-100 survives as a subnormal float
        Assert.Equal(MathF.Log(2f), sp[1]);
        Assert.Equal(100f, sp[2]);
        Assert.True(float.IsNaN(new Tensor([-2f], 1).Pow(0.5f).Data[0]));
        Assert.Equal(-8f, new Tensor([-2f], 1).Pow(3f).Data[0]);
    }
}
