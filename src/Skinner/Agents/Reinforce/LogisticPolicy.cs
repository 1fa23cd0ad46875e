using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Agents.Reinforce;

/// <summary>
/// The linear logistic policy of the second reference document, for two actions:
/// <c>π(0|x) = σ(x·θ)</c>, <c>π(1|x) = 1 - σ(x·θ)</c>, with θ the size of the observation. Its score function has
/// a closed form, <c>∇ log π(0|x) = x(1 - σ(x·θ))</c> and <c>∇ log π(1|x) = -x σ(x·θ)</c>, so learning needs no
/// autograd: plain gradient ascent <c>θ ← θ + α Σ_t ∇ log π(a_t|x_t) Ψ_t</c>.
/// </summary>
public sealed class LogisticPolicy : Module
{
    /// <summary>θ drawn uniformly from [0, 1), as the document's <c>np.random.rand</c>.</summary>
    public LogisticPolicy(int observationSize, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentNullException.ThrowIfNull(rng);
        var theta = new float[observationSize];
        for (int i = 0; i < theta.Length; i++) theta[i] = (float)rng.NextDouble();
        Theta = new Tensor(theta, observationSize);
    }

    /// <summary>The parameters θ (not tracked by autograd).</summary>
    public Tensor Theta { get; }

    /// <summary><c>π(0|x) = σ(x·θ)</c>.</summary>
    public double ProbabilityOfFirst(ReadOnlySpan<float> x)
    {
        double y = 0;
        var theta = Theta.Data;
        if (x.Length != theta.Length) throw new ArgumentException($"The logistic policy takes observations of {theta.Length} floats; got {x.Length}.");
        for (int i = 0; i < x.Length; i++) y += (double)x[i] * theta[i];
        return 1.0 / (1.0 + Math.Exp(-y));
    }

    /// <summary>Samples action 0 with probability <c>σ(x·θ)</c>, else 1; the mode when <paramref name="deterministic"/>.</summary>
    public int Act(ReadOnlySpan<float> x, Rng rng, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double p0 = ProbabilityOfFirst(x);
        return deterministic ? (p0 >= 0.5 ? 0 : 1) : (rng.NextDouble() < p0 ? 0 : 1);
    }

    /// <summary>The closed-form score <c>∇_θ log π(a|x)</c>, written into <paramref name="gradient"/>.</summary>
    public void GradLogProb(ReadOnlySpan<float> x, int action, Span<double> gradient)
    {
        if (action is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(action), action, "The logistic policy has actions 0 and 1.");
        double p0 = ProbabilityOfFirst(x);
        double scale = action == 0 ? 1 - p0 : -p0;
        for (int i = 0; i < x.Length; i++) gradient[i] = x[i] * scale;
    }

    /// <summary>
    /// One gradient-ascent step on an episode: <c>θ += α Σ_t ∇ log π(a_t|x_t) Ψ_t</c>, where <paramref name="weights"/>
    /// are the Ψ_t (discounted returns in the document). <paramref name="observations"/> holds one row per step.
    /// </summary>
    public void Update(ReadOnlySpan<float> observations, ReadOnlySpan<int> actions, ReadOnlySpan<float> weights, double alpha)
    {
        int n = Theta.Numel;
        if (observations.Length != actions.Length * n || weights.Length != actions.Length)
            throw new ArgumentException("Need one observation row and one weight per action.");
        var sum = new double[n];
        var g = new double[n];
        for (int t = 0; t < actions.Length; t++)
        {
            GradLogProb(observations.Slice(t * n, n), actions[t], g);
            for (int i = 0; i < n; i++) sum[i] += g[i] * weights[t];
        }
        var theta = Theta.Data;
        for (int i = 0; i < n; i++) theta[i] = (float)(theta[i] + alpha * sum[i]);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [("theta", Theta)];
}
