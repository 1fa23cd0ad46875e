using Skinner.Tensors;

namespace Skinner.Nn.Distributions;

/// <summary>
/// A diagonal Gaussian with mean <see cref="Mean"/> and standard deviation <see cref="Std"/> (broadcast together:
/// a state-independent <c>std [A]</c> against <c>mean [B, A]</c> works), as PyTorch's <c>Normal</c>.
/// <see cref="LogProb"/> and <see cref="Entropy"/> are per dimension, like PyTorch's; <see cref="LogProbSum"/> and
/// <see cref="EntropySum"/> sum over the last dim, which is the log-density of the whole action vector.
/// Everything is composed from differentiable ops.
/// </summary>
public sealed class Normal
{
    // ln √(2π)
    internal const float LogSqrtTwoPi = 0.9189385332046727f;

    /// <summary>Creates the distribution; <paramref name="std"/> must be positive (not checked per element).</summary>
    public Normal(Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        Mean = mean;
        Std = std;
        try
        {
            Shape = (int[])Broadcast.Shape(mean.Shape, std.Shape).Clone();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Normal: mean {mean} and std {std} do not broadcast together.", e);
        }
    }

    /// <summary>The mean.</summary>
    public Tensor Mean { get; }

    /// <summary>The standard deviation.</summary>
    public Tensor Std { get; }

    /// <summary>The broadcast shape of mean and std: the shape of a sample.</summary>
    public int[] Shape { get; }

    /// <summary>Per-dimension log-density <c>-(x-μ)²/(2σ²) - ln σ - ln √(2π)</c>, with broadcasting.</summary>
    public Tensor LogProb(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var z = (x - Mean) / Std;
        return Tensor.Affine(z.Square(), -0.5f, -LogSqrtTwoPi) - Std.Log();
    }

    /// <summary>The log-density of each vector: <see cref="LogProb"/> summed over the last dim (<c>[B, A]</c> → <c>[B]</c>).</summary>
    public Tensor LogProbSum(Tensor x) => LogProb(x).Sum(-1);

    /// <summary>Per-dimension entropy <c>½ + ln √(2π) + ln σ</c>, in the broadcast <see cref="Shape"/>.</summary>
    public Tensor Entropy()
    {
        var h = Std.Log() + (0.5f + LogSqrtTwoPi);
        // Broadcast to the common shape, so a shared std gives one entropy per sample as PyTorch does.
        return h.Shape.AsSpan().SequenceEqual(Shape) ? h : h + Tensor.Zeros(Shape);
    }

    /// <summary>The entropy of each vector: <see cref="Entropy"/> summed over the last dim.</summary>
    public Tensor EntropySum() => Entropy().Sum(-1);

    /// <summary>A sample μ + σ·ε (ε standard normal from <paramref name="rng"/>, row-major), not recorded for backward.</summary>
    public Tensor Sample(Rng rng)
    {
        using var scope = Autograd.NoGrad();
        return RSample(rng);
    }

    /// <summary>
    /// A reparameterised sample μ + σ·ε (ε standard normal from <paramref name="rng"/>, row-major, treated as a
    /// constant), through which gradients reach the mean and the std (SAC's actor update).
    /// </summary>
    public Tensor RSample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var eps = Tensor.Zeros(Shape);
        for (int i = 0; i < eps.Numel; i++) eps.Data[i] = (float)rng.NextNormal();
        return Mean + Std * eps;
    }
}
