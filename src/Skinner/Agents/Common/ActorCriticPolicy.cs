using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Distributions;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>How a Gaussian policy head turns features into a mean and a standard deviation.</summary>
public enum GaussianHead
{
    /// <summary>Linear mean and a learned, state-independent log standard deviation (Stable-Baselines3, PPO paper).</summary>
    StateIndependentLogStd,

    /// <summary>
    /// Mean <c>clamp(2·tanh(linear), -1, 1)</c> and standard deviation <c>softplus(linear) + 1e-5</c>, both from
    /// the features (the fourth reference document's actor-critic).
    /// </summary>
    TanhMeanSoftplusStd,
}

/// <summary>The architecture of an <see cref="ActorCriticPolicy"/>.</summary>
public sealed record PolicyArchitecture
{
    /// <summary>Hidden layer sizes (of each network when not shared).</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>One trunk under both heads (true) or separate actor and critic networks (false).</summary>
    public bool Shared { get; init; }

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation: gain √2 hidden, 0.01 policy head, 1 value head, zero biases.</summary>
    public bool OrthoInit { get; init; } = true;

    /// <summary>The Gaussian head for continuous actions.</summary>
    public GaussianHead GaussianHead { get; init; } = GaussianHead.StateIndependentLogStd;

    /// <summary>Initial log standard deviation (of every entry of the matrix when <see cref="UseSde"/>).</summary>
    public float LogStdInit { get; init; }

    /// <summary>
    /// Generalised state-dependent exploration (gSDE, Raffin et al. 2021; Stable-Baselines3's <c>use_sde</c>):
    /// the exploration noise is the actor's last hidden features times a random matrix drawn from
    /// N(0, σ²) with a learned σ per feature and action, held fixed between <see cref="ActorCriticPolicy.ResetNoise"/>
    /// calls, so that the same state gets the same perturbation. Continuous actions only.
    /// </summary>
    public bool UseSde { get; init; }

    /// <summary>With <see cref="UseSde"/>: one σ per feature and action (true), or one per feature shared by the actions.</summary>
    public bool FullStd { get; init; } = true;
}

/// <summary>What the policy did on a batch of observations: actions, their log-probabilities and the values.</summary>
public readonly record struct PolicyStep(float[] Actions, float[] LogProbs, float[] Values);

/// <summary>
/// A stochastic policy with a value head, for the on-policy methods (REINFORCE with a baseline, A2C, A3C, PPO):
/// categorical over a <see cref="Discrete"/> space, diagonal Gaussian over a <see cref="Box"/>. Actions are in
/// the environment's units; Gaussian samples are clipped to the box only when sent to the environment
/// (<see cref="ToEnv"/>), while their log-probabilities are those of the unclipped sample, as in SB3.
/// </summary>
public sealed partial class ActorCriticPolicy : Module
{
    private readonly Sequential? _shared, _actorTrunk, _criticTrunk;
    private readonly Linear _action, _value;
    private readonly Linear? _std;
    private readonly Tensor? _logStd;
    private readonly float[] _low = [], _high = [];

    // gSDE: the exploration matrices (features × actions), one per row of the last ResetNoise and one for other
    // batch sizes (evaluation), as Stable-Baselines3 keeps exploration_matrices and exploration_mat.
    private float[]? _noise, _noiseSingle;
    private int _noiseRows;
    private const float SdeEpsilon = 1e-6f;

    /// <summary>Builds the networks for the given spaces, drawing initial weights from <paramref name="rng"/>.</summary>
    public ActorCriticPolicy(Space observationSpace, Space actionSpace, PolicyArchitecture architecture, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        ObservationSize = observationSpace.FlatSize;
        switch (actionSpace)
        {
            case Discrete d:
                IsDiscrete = true;
                Actions = d.N;
                break;
            case Box b:
                Actions = b.FlatSize;
                _low = b.Low;
                _high = b.High;
                break;
            default:
                throw new ArgumentException($"The on-policy agents need a Discrete or Box action space; got {actionSpace}.");
        }
        int[] hidden = architecture.NetArch;
        if (hidden.Length == 0) throw new ArgumentException("net_arch needs at least one hidden layer.");
        if (architecture.Shared) _shared = Networks.Trunk(ObservationSize, hidden, rng, architecture.Activation);
        else
        {
            _actorTrunk = Networks.Trunk(ObservationSize, hidden, rng, architecture.Activation);
            _criticTrunk = Networks.Trunk(ObservationSize, hidden, rng, architecture.Activation);
        }
        _action = new Linear(hidden[^1], Actions, rng);
        _value = new Linear(hidden[^1], 1, rng);
        if (architecture.UseSde)
        {
            if (IsDiscrete)
                throw new ArgumentException("use_sde (state-dependent exploration) needs continuous actions; this environment's are discrete. Set use_sde to false.");
            if (architecture.GaussianHead != GaussianHead.StateIndependentLogStd)
                throw new ArgumentException($"use_sde replaces the Gaussian head's standard deviation; it cannot be combined with gaussian_head {architecture.GaussianHead}. Set gaussian_head to StateIndependentLogStd or use_sde to false.");
            Features = hidden[^1];
            _logStd = Tensor.Full(architecture.LogStdInit, Features, architecture.FullStd ? Actions : 1).RequireGrad();
        }
        else if (!IsDiscrete)
        {
            if (architecture.GaussianHead == GaussianHead.TanhMeanSoftplusStd) _std = new Linear(hidden[^1], Actions, rng);
            else _logStd = Tensor.Full(architecture.LogStdInit, Actions).RequireGrad();
        }
        if (architecture.OrthoInit) Orthogonalise(rng);
    }

    /// <summary>The architecture.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Number of discrete actions, or the dimension of a continuous action.</summary>
    public int Actions { get; }

    /// <summary>Whether the actions are discrete (categorical) rather than continuous (Gaussian).</summary>
    public bool IsDiscrete { get; }

    /// <summary>Floats per action row: 1 (the index) when discrete, else the action's dimension.</summary>
    public int ActionSize => IsDiscrete ? 1 : Actions;

    /// <summary>Size of the actor's last hidden layer, whose features drive gSDE's noise (0 without gSDE).</summary>
    public int Features { get; }

    /// <summary>
    /// Whether the critic shares no parameter with the actor (separate trunks): then the gradients of a loss
    /// <c>actor part + critic part</c> equal those of each part's own backward pass, and the two can run at once.
    /// </summary>
    public bool SeparateCritic => _shared is null;

    /// <summary>The value estimates V(s), shape [B, 1].</summary>
    public Tensor Value(Tensor observations) => _value.Forward(CriticFeatures(observations));

    /// <summary>The action distribution at each observation (categorical or Gaussian).</summary>
    public (Categorical? Categorical, Normal? Normal) Distribution(Tensor observations)
    {
        var (cat, normal, _) = DistributionAndFeatures(observations);
        return (cat, normal);
    }

    /// <summary>
    /// Draws new gSDE exploration matrices: one for each of <paramref name="rows"/> environments and one for
    /// any other batch size, each entry N(0, σ²) with σ the current learned standard deviation.
    /// </summary>
    public void ResetNoise(int rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!Architecture.UseSde) throw new InvalidOperationException("ResetNoise is for state-dependent exploration (use_sde); this policy does not use it.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var std = SdeStd().Data;
        _noiseSingle ??= new float[std.Length];
        if (_noise is null || _noiseRows != rows) _noise = new float[rows * std.Length];
        _noiseRows = rows;
        for (int i = 0; i < std.Length; i++) _noiseSingle[i] = std[i] * (float)rng.NextNormal();
        for (int i = 0; i < _noise.Length; i++) _noise[i] = std[i % std.Length] * (float)rng.NextNormal();
    }

    // σ of gSDE as a [features, actions] matrix: exp(log_std), broadcast across the actions when not full.
    private Tensor SdeStd()
    {
        var std = _logStd!.Exp();
        return Architecture.FullStd ? std : std * Tensor.Ones(Features, Actions);
    }

    private (Categorical? Categorical, Normal? Normal, Tensor Features) DistributionAndFeatures(Tensor observations)
    {
        var h = _shared is null ? _actorTrunk!.Forward(observations) : _shared.Forward(observations);
        var head = _action.Forward(h);
        if (IsDiscrete) return (new Categorical(head), null, h);
        if (Architecture.UseSde)
        {
            // Each action's variance is Σ_j h_j² σ_jk²: the variance of h·E for E ~ N(0, σ²). The features enter
            // detached (SB3's learn_features=False), so exploration trains σ alone.
            var sigma = SdeStd();
            var variance = Tensor.MatMul(h.Detach().Square(), sigma.Square());
            return (null, new Normal(head, (variance + SdeEpsilon).Sqrt()), h);
        }
        // The document's head, kept as written: where 2·tanh passes ±1 the clamp lets no gradient reach the mean.
        if (_std is not null)
            return (null, new Normal((2f * head.Tanh()).Clamp(-1f, 1f), _std.Forward(h).Softplus() + 1e-5f), h);
        return (null, new Normal(head, _logStd!.Exp()), h);
    }

    /// <summary>
    /// Log-probabilities [B] of <paramref name="actions"/> (B rows of <see cref="ActionSize"/> floats), the entropies
    /// [B] and the values [B, 1], all differentiable.
    /// </summary>
    public (Tensor LogProb, Tensor Entropy, Tensor Value) Evaluate(Tensor observations, float[] actions)
    {
        var (logProb, entropy) = EvaluateActions(observations, actions);
        return (logProb, entropy, Value(observations));
    }

    /// <summary>
    /// The actor's half of <see cref="Evaluate"/>: log-probabilities [B] of <paramref name="actions"/> and the
    /// entropies [B], differentiable.
    /// </summary>
    public (Tensor LogProb, Tensor Entropy) EvaluateActions(Tensor observations, float[] actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        int rows = observations.Shape[0];
        var (cat, normal) = Distribution(observations);
        if (cat is not null)
        {
            var index = new int[rows];
            for (int i = 0; i < rows; i++) index[i] = (int)actions[i];
            return (cat.LogProb(new IntTensor(index, rows)), cat.Entropy());
        }
        var x = new Tensor((float[])actions.Clone(), rows, Actions);
        return (normal!.LogProbSum(x), normal.EntropySum());
    }

    /// <summary>
    /// Acts on <paramref name="rows"/> observations without recording gradients: samples (or the mode when
    /// <paramref name="deterministic"/>), with the log-probabilities and values the on-policy losses need.
    /// </summary>
    public PolicyStep Step(float[] observations, int rows, Rng rng, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(rng);
        CheckRows(observations, rows);
        return ActsWithoutTensors ? StepWithoutTensors(observations, rows, rng, deterministic) : StepWithTensors(observations, rows, rng, deterministic);
    }

    // Step through the tensor ops: for every head, and the reference that the buffer path is tested against.
    internal PolicyStep StepWithTensors(float[] observations, int rows, Rng rng, bool deterministic)
    {
        using var _ = Autograd.NoGrad();
        var obs = new Tensor(observations.AsSpan(0, rows * ObservationSize).ToArray(), rows, ObservationSize);
        var (cat, normal, features) = DistributionAndFeatures(obs);
        var values = Value(obs).Data;
        if (cat is not null)
        {
            var index = deterministic ? cat.Mode() : cat.Sample(rng);
            var actions = new float[rows];
            for (int i = 0; i < rows; i++) actions[i] = index.Data[i];
            return new PolicyStep(actions, cat.LogProb(index).Data, values);
        }
        var sample = deterministic ? normal!.Mean : Architecture.UseSde ? SdeSample(normal!.Mean, features, rows, rng) : normal!.Sample(rng);
        var copy = new float[rows * Actions];
        for (int i = 0; i < copy.Length; i++) copy[i] = sample.Data[i % sample.Data.Length];
        return new PolicyStep(copy, normal.LogProbSum(new Tensor(copy, rows, Actions)).Data, values);
    }

    // gSDE's action: the mean plus each row's features times its exploration matrix (the shared matrix when
    // the batch is not the one the matrices were drawn for). Drawn on first use if ResetNoise was not called.
    private Tensor SdeSample(Tensor mean, Tensor features, int rows, Rng rng)
    {
        if (_noise is null) ResetNoise(rows, rng);
        int f = Features, a = Actions;
        bool perRow = rows == _noiseRows;
        var action = new float[rows * a];
        for (int r = 0; r < rows; r++)
        {
            var matrix = perRow ? _noise!.AsSpan(r * f * a, f * a) : _noiseSingle!.AsSpan();
            for (int k = 0; k < a; k++)
            {
                float sum = 0;
                for (int j = 0; j < f; j++) sum += features.Data[r * f + j] * matrix[j * a + k];
                action[r * a + k] = mean.Data[r * a + k] + sum;
            }
        }
        return new Tensor(action, rows, a);
    }

    /// <summary>The action to send to the environment: a Gaussian sample clipped to the box; an index as is.</summary>
    public float[] ToEnv(ReadOnlySpan<float> actions)
    {
        var a = actions.ToArray();
        if (IsDiscrete) return a;
        for (int i = 0; i < a.Length; i++) a[i] = Math.Clamp(a[i], _low[i % Actions], _high[i % Actions]);
        return a;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        foreach (var (name, module) in Children())
            foreach (var (n, t) in module.NamedParameters()) yield return (name + "." + n, t);
        if (_logStd is not null) yield return ("log_std", _logStd);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children()
    {
        if (_shared is not null) yield return ("shared", _shared);
        if (_actorTrunk is not null) yield return ("actor", _actorTrunk);
        if (_criticTrunk is not null) yield return ("critic", _criticTrunk);
        yield return ("action", _action);
        if (_std is not null) yield return ("std", _std);
        yield return ("value", _value);
    }

    private Tensor CriticFeatures(Tensor observations) =>
        _shared is null ? _criticTrunk!.Forward(observations) : _shared.Forward(observations);

    // The 37 details of PPO: orthogonal weights, gain √2 in the trunk, 0.01 on the policy head so that the
    // first policy is near uniform, 1 on the value head; zero biases.
    private void Orthogonalise(Rng rng)
    {
        foreach (var trunk in new[] { _shared, _actorTrunk, _criticTrunk })
            foreach (var layer in trunk?.Children() ?? [])
                if (layer.Module is Linear l) Reset(l, MathF.Sqrt(2f), rng);
        Reset(_action, 0.01f, rng);
        if (_std is not null) Reset(_std, 0.01f, rng);
        Reset(_value, 1f, rng);
    }

    private static void Reset(Linear layer, float gain, Rng rng)
    {
        Init.Orthogonal(layer.Weight, rng, gain);
        if (layer.Bias is { } b) Init.Zeros(b);
    }
}
