using Skinner.Tensors;

namespace Skinner.Nn.Distributions;

/// <summary>
/// A diagonal Gaussian squashed by tanh, the policy of SAC: <c>a = tanh(u)</c> with <c>u ~ Normal(μ, σ)</c>, so
/// actions lie in (-1, 1) (scale them to the action space outside). The log-density of an action vector is
/// <c>Σ [log N(u; μ, σ) - ln(1 - tanh² u)]</c>, with the correction written in the stable form
/// <c>ln(1 - tanh² u) = 2·(ln 2 - u - softplus(-2u))</c>, which stays finite where tanh saturates.
/// </summary>
public sealed class TanhNormal
{
    private const float Ln2 = 0.6931471805599453f;

    /// <summary>Creates the distribution from the mean and std of the Gaussian before the squashing.</summary>
    public TanhNormal(Tensor mean, Tensor std) => Base = new Normal(mean, std);

    /// <summary>The Gaussian before tanh.</summary>
    public Normal Base { get; }

    /// <summary>
    /// A reparameterised action <c>tanh(u)</c> and its log-density summed over the last dim (<c>[B, A]</c> gives
    /// actions <c>[B, A]</c> and log-probabilities <c>[B]</c>); both carry gradients to the mean and the std.
    /// </summary>
    public (Tensor Action, Tensor LogProb) RSampleWithLogProb(Rng rng)
    {
        var u = Base.RSample(rng);
        return (u.Tanh(), LogProbOfPreTanh(u));
    }

    /// <summary>An action drawn without gradient: <c>tanh(u)</c>, u from <see cref="Normal.Sample"/>.</summary>
    public Tensor Sample(Rng rng)
    {
        using var scope = Autograd.NoGrad();
        return Base.Sample(rng).Tanh();
    }

    /// <summary>The deterministic action for evaluation: <c>tanh(μ)</c>.</summary>
    public Tensor Mode() => Base.Mean.Tanh();

    /// <summary>The log-density of the action <c>tanh(u)</c>, given the pre-squash value <paramref name="u"/>, summed over the last dim.</summary>
    public Tensor LogProbOfPreTanh(Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        var softplus = Tensor.Affine(u, -2f, 0f).Softplus();
        var logDetJacobian = Tensor.Affine(u + softplus, -2f, 2f * Ln2);
        return (Base.LogProb(u) - logDetJacobian).Sum(-1);
    }
}
