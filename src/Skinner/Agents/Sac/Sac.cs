using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;
using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Sac;

/// <summary>Hyperparameters of SAC. Defaults are Stable-Baselines3's.</summary>
public sealed record SacOptions
{
    /// <summary>Step size of the actor's, the critics' and the temperature's Adam.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Capacity of the replay buffer, in transitions.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 100;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Polyak coefficient of the critics' targets.</summary>
    public double Tau { get; init; } = 0.005;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Environment steps between training phases.</summary>
    public int TrainFreq { get; init; } = 1;

    /// <summary>Gradient steps per training phase.</summary>
    public int GradientSteps { get; init; } = 1;

    /// <summary>Tune the entropy coefficient automatically towards <c>target_entropy</c>.</summary>
    public bool AutoEntropy { get; init; } = true;

    /// <summary>The entropy coefficient (its starting value when tuned automatically).</summary>
    public double EntCoef { get; init; } = 1.0;

    /// <summary>Target entropy of automatic tuning; NaN means minus the number of action dimensions.</summary>
    public double TargetEntropy { get; init; } = double.NaN;

    /// <summary>Hidden layer sizes of the actor and the critics.</summary>
    public int[] NetArch { get; init; } = [256, 256];

    /// <summary>Keep the replay buffer in checkpoints, so that a resumed run continues exactly.</summary>
    public bool SaveReplayBuffer { get; init; } = true;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(LearningRate > 0, "learning_rate", "must be positive");
        HyperparameterChecks.Replay(BufferSize, BatchSize, LearningStarts, TrainFreq, GradientSteps, Tau, Gamma);
        HyperparameterChecks.Require(EntCoef > 0, "ent_coef", "must be positive");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
    }
}

/// <summary>
/// Soft actor-critic (Haarnoja et al. 2018): a tanh-squashed Gaussian policy trained to maximise
/// Q minus α·log π, twin critics with soft targets, and α tuned towards a target entropy.
/// </summary>
public sealed class Sac : IAgent
{
    private const float LogStdMin = -20f, LogStdMax = 2f;
    private static readonly float s_halfLog2Pi = 0.5f * MathF.Log(2 * MathF.PI);

    private readonly IEnv _env;
    private readonly long _seed;
    private readonly int _obsSize;
    private readonly ActionScale _scale;
    private readonly GaussianActor _actor;
    private readonly QCritic _q1, _q2, _q1Target, _q2Target;
    private readonly Temperature _logAlpha;
    private readonly Adam _actorOptimizer, _criticOptimizer, _alphaOptimizer;
    private readonly ReplayBuffer _buffer;
    private readonly EnvironmentLog _log;
    private readonly Rng _rng;
    private readonly float _targetEntropy;
    private long _gradientSteps;

    /// <summary>Creates the agent for <paramref name="env"/>.</summary>
    public Sac(IEnv env, SacOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _env = env;
        _seed = seed;
        Options = options;
        _scale = new ActionScale(env.ActionSpace, "SAC");
        _obsSize = env.ObservationSpace.FlatSize;
        _rng = new Rng(unchecked((ulong)seed));
        var init = _rng.Fork();
        int a = _scale.Size;
        _actor = new GaussianActor(_obsSize, options.NetArch, a, init);
        _q1 = new QCritic(_obsSize, a, options.NetArch, init);
        _q2 = new QCritic(_obsSize, a, options.NetArch, init);
        _q1Target = new QCritic(_obsSize, a, options.NetArch, init);
        _q2Target = new QCritic(_obsSize, a, options.NetArch, init);
        TargetUpdate.HardCopy(_q1, _q1Target);
        TargetUpdate.HardCopy(_q2, _q2Target);
        _logAlpha = new Temperature((float)Math.Log(options.EntCoef));
        var adam = new AdamOptions { LearningRate = options.LearningRate };
        _actorOptimizer = new Adam(_actor.Parameters(), adam);
        _criticOptimizer = new Adam([.. _q1.Parameters(), .. _q2.Parameters()], adam);
        _alphaOptimizer = new Adam(_logAlpha.Parameters(), adam);
        _targetEntropy = double.IsNaN(options.TargetEntropy) ? -a : (float)options.TargetEntropy;
        _buffer = new ReplayBuffer(options.BufferSize, _obsSize, a, options.Gamma);
        _log = new EnvironmentLog(a);
    }

    /// <summary>The hyperparameters.</summary>
    public SacOptions Options { get; }

    /// <inheritdoc />
    public string Algorithm => "sac";

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <summary>The entropy coefficient α now.</summary>
    public double Alpha => Math.Exp(_logAlpha.Value.Data[0]);

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic)
    {
        using var _ = Autograd.NoGrad();
        var (mean, logStd) = _actor.Forward2(new Tensor(observation, 1, _obsSize));
        if (deterministic) return _scale.ToEnv(mean.Tanh().Data);
        var u = new float[mean.Numel];
        for (int i = 0; i < u.Length; i++) u[i] = mean.Data[i] + MathF.Exp(Math.Clamp(logStd.Data[i], LogStdMin, LogStdMax)) * (float)_rng.NextNormal();
        return _scale.ToEnv(new Tensor(u, 1, u.Length).Tanh().Data);
    }

    /// <inheritdoc />
    public void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(metrics);
        var state = new TrainingState { Agent = this, Steps = Steps, TotalSteps = totalSteps };
        var episode = new EpisodeTracker(metrics, callbacks, state);
        float[] obs = _log.Count == 0
            ? _env.Reset(_seed).Observation
            : _log.Replay(_env, _seed, (_, _, r) => episode.Replayed(r.Reward, r.Done));
        foreach (var c in callbacks) c.OnTrainingStart(state);
        var unit = new float[_scale.Size];
        bool keepGoing = true;
        while (Steps < totalSteps && keepGoing)
        {
            // Random actions until learning starts, then samples of the squashed Gaussian policy.
            if (Steps < Options.LearningStarts)
                for (int i = 0; i < unit.Length; i++) unit[i] = (float)(2 * _rng.NextDouble() - 1);
            else
                _scale.ToUnit(Act(obs, deterministic: false)).CopyTo(unit, 0);
            var envAction = _scale.ToEnv(unit);
            var result = _env.Step(envAction);
            _log.Add(envAction);
            Steps++;
            // The real next observation is stored; a truncated episode still bootstraps from it.
            _buffer.Add(obs, unit, result.Reward, result.Observation, result.Terminated);
            obs = result.Observation;
            episode.Step(Steps, result.Reward, result.Done);
            if (result.Done) obs = _env.Reset().Observation;
            if (Steps >= Options.LearningStarts && Steps % Options.TrainFreq == 0)
                for (int g = 0; g < Options.GradientSteps; g++) TrainStep(metrics);
            state.Steps = Steps;
            keepGoing = Callbacks.Step(callbacks, state);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    // a = tanh(u), u = μ + σ·ε; log π(a|s) = Σ [log N(u; μ, σ) - log(1 - tanh²(u) + 1e-6)].
    private (Tensor Action, Tensor LogProb) Sample(Tensor obs)
    {
        var (mean, logStd) = _actor.Forward2(obs);
        logStd = logStd.Clamp(LogStdMin, LogStdMax);
        var eps = new float[mean.Numel];
        for (int i = 0; i < eps.Length; i++) eps[i] = (float)_rng.NextNormal();
        var epsilon = new Tensor(eps, mean.Shape);
        var u = mean + logStd.Exp() * epsilon;
        var action = u.Tanh();
        var gaussian = (-0.5f * epsilon.Square() - logStd) - s_halfLog2Pi;
        var squash = (1f - action.Square() + 1e-6f).Log();
        return (action, (gaussian - squash).Sum(1, keepDim: true));
    }

    private void TrainStep(IMetricSink metrics)
    {
        int b = Options.BatchSize, a = _scale.Size;
        var batch = _buffer.Sample(b, _rng);
        var obs = Networks.Batch(batch.Observations, b, _obsSize);
        var next = Networks.Batch(batch.NextObservations, b, _obsSize);
        var actions = Networks.Batch(batch.Actions, b, a);
        float alpha = (float)Alpha;

        // Temperature: lower α when the policy's entropy is above the target, raise it when below.
        var (piAction, logProb) = Sample(obs);
        if (Options.AutoEntropy)
        {
            var alphaLoss = -(_logAlpha.Value * (logProb.Detach() + _targetEntropy)).Mean();
            _alphaOptimizer.ZeroGrad();
            alphaLoss.Backward();
            _alphaOptimizer.Step();
        }

        // Critics: r + γ^k (min Q'(s', a') - α log π(a'|s')), a' sampled from the current policy.
        Tensor target;
        using (Autograd.NoGrad())
        {
            var (nextAction, nextLogProb) = Sample(next);
            var q1 = _q1Target.Forward(next, nextAction).Data;
            var q2 = _q2Target.Forward(next, nextAction).Data;
            var y = new float[b];
            for (int i = 0; i < b; i++) y[i] = batch.Rewards[i] + batch.Discounts[i] * (Math.Min(q1[i], q2[i]) - alpha * nextLogProb.Data[i]);
            target = new Tensor(y, b, 1);
        }
        var criticLoss = 0.5f * (Losses.Mse(_q1.Forward(obs, actions), target) + Losses.Mse(_q2.Forward(obs, actions), target));
        _criticOptimizer.ZeroGrad();
        criticLoss.Backward();
        _criticOptimizer.Step();

        // Actor: minimise α log π(a|s) - min Q(s, a) with the reparameterised sample. The critics are frozen for this
        // pass: their gradients from it would only be cleared before their next step.
        Tensor actorLoss;
        using (_q1.Frozen())
        using (_q2.Frozen())
        {
            var minQ = Minimum(_q1.Forward(obs, piAction), _q2.Forward(obs, piAction));
            actorLoss = (alpha * logProb - minQ).Mean();
            _actorOptimizer.ZeroGrad();
            actorLoss.Backward();
        }
        _actorOptimizer.Step();

        TargetUpdate.Polyak(_q1, _q1Target, Options.Tau);
        TargetUpdate.Polyak(_q2, _q2Target, Options.Tau);
        if (++_gradientSteps % 100 == 0)
        {
            metrics.Record(Steps, MetricNames.TdLoss, criticLoss.Item());
            metrics.Record(Steps, MetricNames.ActorLoss, actorLoss.Item());
            metrics.Record(Steps, MetricNames.Alpha, alpha);
            metrics.Record(Steps, MetricNames.Entropy, -logProb.Mean().Item());
        }
    }

    // min(x, y) = y - relu(y - x), differentiable through both.
    private static Tensor Minimum(Tensor x, Tensor y) => y - (y - x).Relu();

    /// <inheritdoc />
    public void Save(string path) =>
        TrainingCheckpoint.Save(path, Algorithm, Modules, Optimizers,
            new Dictionary<string, long> { ["steps"] = Steps, ["gradient_steps"] = _gradientSteps },
            _rng, _log, Options.SaveReplayBuffer ? _buffer : null);

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, _) = TrainingCheckpoint.Load(path, Algorithm, Modules, Optimizers, _rng, _log, _buffer);
        Steps = counters["steps"];
        _gradientSteps = counters["gradient_steps"];
    }

    private (string, Module)[] Modules =>
        [("actor", _actor), ("q1", _q1), ("q2", _q2), ("q1_target", _q1Target), ("q2_target", _q2Target), ("log_alpha", _logAlpha)];

    private (string, Optimizer)[] Optimizers =>
        [("actor_optimizer", _actorOptimizer), ("critic_optimizer", _criticOptimizer), ("alpha_optimizer", _alphaOptimizer)];

    /// <summary>The policy network: a ReLU trunk with a mean head and a log-std head.</summary>
    private sealed class GaussianActor : Layer
    {
        private readonly Sequential _trunk;
        private readonly Linear _mean, _logStd;

        public GaussianActor(int observations, int[] hidden, int actions, Rng rng)
        {
            _trunk = Networks.Trunk(observations, hidden, rng);
            _mean = new Linear(hidden[^1], actions, rng);
            _logStd = new Linear(hidden[^1], actions, rng);
        }

        public (Tensor Mean, Tensor LogStd) Forward2(Tensor input)
        {
            var h = _trunk.Forward(input);
            return (_mean.Forward(h), _logStd.Forward(h));
        }

        public override Tensor Forward(Tensor input) => Forward2(input).Mean;

        public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
        {
            foreach (var (n, t) in _trunk.NamedParameters()) yield return ("trunk." + n, t);
            foreach (var (n, t) in _mean.NamedParameters()) yield return ("mean." + n, t);
            foreach (var (n, t) in _logStd.NamedParameters()) yield return ("log_std." + n, t);
        }

        public override IEnumerable<(string Name, Module Module)> Children() => [("trunk", _trunk), ("mean", _mean), ("log_std", _logStd)];
    }

    /// <summary>The learnable log of the entropy coefficient.</summary>
    private sealed class Temperature : Module
    {
        public Temperature(float initial) => Value = new Tensor([initial], 1).RequireGrad();

        public Tensor Value { get; }

        public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [("value", Value)];
    }
}
