using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;
using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Ddpg;

/// <summary>Exploration noise of deterministic-policy agents.</summary>
public enum NoiseKind
{
    /// <summary>No noise (only the random actions before learning starts).</summary>
    None,

    /// <summary>Independent Gaussian noise, optionally decaying to a floor.</summary>
    Normal,

    /// <summary>Ornstein-Uhlenbeck noise, optionally with sigma annealed.</summary>
    OrnsteinUhlenbeck,
}

/// <summary>
/// Hyperparameters of DDPG. Defaults are Stable-Baselines3's; the DDPG paper's and the reference documents'
/// variants are presets. Noise is in the actor's [-1, 1] action units.
/// </summary>
public sealed record DdpgOptions
{
    /// <summary>Step size of the actor's Adam.</summary>
    public double ActorLearningRate { get; init; } = 1e-3;

    /// <summary>Step size of the critic's Adam.</summary>
    public double CriticLearningRate { get; init; } = 1e-3;

    /// <summary>L2 weight decay on the critic's parameters (the paper uses 1e-2).</summary>
    public double CriticWeightDecay { get; init; }

    /// <summary>Capacity of the replay buffer, in transitions.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 100;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Polyak coefficient of the soft target update; 1 makes it a hard copy.</summary>
    public double Tau { get; init; } = 0.005;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Environment steps between training phases.</summary>
    public int TrainFreq { get; init; } = 1;

    /// <summary>Gradient steps per training phase.</summary>
    public int GradientSteps { get; init; } = 1;

    /// <summary>Gradient steps between updates of the critic's target (1: every step).</summary>
    public int TargetUpdateInterval { get; init; } = 1;

    /// <summary>Gradient steps between updates of the actor's target (the first reference document copies every 301).</summary>
    public int ActorTargetUpdateInterval { get; init; } = 1;

    /// <summary>Exploration noise: none, normal or ornstein_uhlenbeck.</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.Normal;

    /// <summary>Standard deviation of the noise.</summary>
    public double NoiseSigma { get; init; } = 0.1;

    /// <summary>Multiplier applied to a normal noise's sigma after each action (1: constant).</summary>
    public double NoiseDecay { get; init; } = 1.0;

    /// <summary>Lowest sigma of a decaying normal noise.</summary>
    public double NoiseFloor { get; init; }

    /// <summary>Mean reversion of Ornstein-Uhlenbeck noise.</summary>
    public double NoiseTheta { get; init; } = 0.15;

    /// <summary>Time step of Ornstein-Uhlenbeck noise.</summary>
    public double NoiseDt { get; init; } = 1e-2;

    /// <summary>Sigma an Ornstein-Uhlenbeck noise anneals to (NaN: no annealing).</summary>
    public double NoiseSigmaFinal { get; init; } = double.NaN;

    /// <summary>Actions over which Ornstein-Uhlenbeck sigma anneals.</summary>
    public long NoiseSigmaDecaySteps { get; init; }

    /// <summary>Hidden layer sizes of the actor and the critic.</summary>
    public int[] NetArch { get; init; } = [400, 300];

    /// <summary>Where the critic joins the action: 0 with the observation (SB3), 1 after the first layer (the paper).</summary>
    public int CriticActionLayer { get; init; }

    /// <summary>Initialisation: py_torch, or ddpg_paper (fan-in uniform, small final layers).</summary>
    public InitScheme Init { get; init; } = InitScheme.PyTorch;

    /// <summary>Clip each network's gradient norm to this (0 disables; the first reference document uses 0.5).</summary>
    public double MaxGradNorm { get; init; }

    /// <summary>Stored reward = (reward + reward_shift) · reward_scale (the first reference document: shift 8, scale 0.125).</summary>
    public double RewardShift { get; init; }

    /// <summary>See <see cref="RewardShift"/>.</summary>
    public double RewardScale { get; init; } = 1.0;

    /// <summary>Keep the replay buffer in checkpoints, so that a resumed run continues exactly.</summary>
    public bool SaveReplayBuffer { get; init; } = true;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(ActorLearningRate > 0, "actor_learning_rate", "must be positive");
        HyperparameterChecks.Require(CriticLearningRate > 0, "critic_learning_rate", "must be positive");
        HyperparameterChecks.Require(CriticWeightDecay >= 0, "critic_weight_decay", "must be zero or more");
        HyperparameterChecks.Replay(BufferSize, BatchSize, LearningStarts, TrainFreq, GradientSteps, Tau, Gamma);
        HyperparameterChecks.Require(TargetUpdateInterval > 0, "target_update_interval", "must be positive");
        HyperparameterChecks.Require(ActorTargetUpdateInterval > 0, "actor_target_update_interval", "must be positive");
        HyperparameterChecks.Require(NoiseSigma >= 0, "noise_sigma", "must be zero or more");
        HyperparameterChecks.Require(NoiseDecay is > 0 and <= 1, "noise_decay", "must lie in (0, 1]");
        HyperparameterChecks.Require(NoiseFloor >= 0, "noise_floor", "must be zero or more");
        HyperparameterChecks.Require(NoiseDt > 0, "noise_dt", "must be positive");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
        HyperparameterChecks.Require(CriticActionLayer >= 0 && CriticActionLayer <= NetArch.Length, "critic_action_layer", $"must lie in 0..{NetArch.Length}");
        HyperparameterChecks.Require(MaxGradNorm >= 0, "max_grad_norm", "must be zero (off) or positive");
        HyperparameterChecks.Require(RewardScale > 0, "reward_scale", "must be positive");
    }

    /// <summary>The exploration noise these options describe, or null.</summary>
    internal IActionNoise? MakeNoise(int size) => Noise switch
    {
        NoiseKind.Normal => new GaussianNoise(NoiseSigma, NoiseDecay, NoiseFloor),
        NoiseKind.OrnsteinUhlenbeck => new OrnsteinUhlenbeckNoise(size, 0, NoiseTheta, NoiseSigma, NoiseDt,
            double.IsNaN(NoiseSigmaFinal) ? null : NoiseSigmaFinal, NoiseSigmaDecaySteps),
        _ => null,
    };
}

/// <summary>
/// Deep deterministic policy gradient (Lillicrap et al. 2016): a deterministic actor, a Q-critic, replay,
/// target networks and exploration noise. Continuous actions.
/// </summary>
public sealed class Ddpg : IAgent
{
    private readonly IEnv _env;
    private readonly long _seed;
    private readonly int _obsSize;
    private readonly ActionScale _scale;
    private readonly DeterministicActor _actor, _actorTarget;
    private readonly QCritic _critic, _criticTarget;
    private readonly Adam _actorOptimizer, _criticOptimizer;
    private readonly ReplayBuffer _buffer;
    private readonly EnvironmentLog _log;
    private readonly ActionExploration _exploration;
    private readonly Rng _rng;
    private long _gradientSteps;

    /// <summary>Creates the agent for <paramref name="env"/>.</summary>
    public Ddpg(IEnv env, DdpgOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _env = env;
        _seed = seed;
        Options = options;
        _scale = new ActionScale(env.ActionSpace, "DDPG");
        _obsSize = env.ObservationSpace.FlatSize;
        _rng = new Rng(unchecked((ulong)seed));
        var init = _rng.Fork();
        _actor = new DeterministicActor(_obsSize, options.NetArch, _scale.Size, init, options.Init);
        _actorTarget = new DeterministicActor(_obsSize, options.NetArch, _scale.Size, init, options.Init);
        _critic = new QCritic(_obsSize, _scale.Size, options.NetArch, init, options.CriticActionLayer, options.Init);
        _criticTarget = new QCritic(_obsSize, _scale.Size, options.NetArch, init, options.CriticActionLayer, options.Init);
        TargetUpdate.HardCopy(_actor, _actorTarget);
        TargetUpdate.HardCopy(_critic, _criticTarget);
        _actorOptimizer = new Adam(_actor.Parameters(), new AdamOptions { LearningRate = options.ActorLearningRate });
        _criticOptimizer = new Adam(_critic.Parameters(), new AdamOptions { LearningRate = options.CriticLearningRate, WeightDecay = options.CriticWeightDecay });
        _buffer = new ReplayBuffer(options.BufferSize, _obsSize, _scale.Size, options.Gamma);
        _log = new EnvironmentLog(_scale.Size);
        _exploration = new ActionExploration(options.LearningStarts, options.MakeNoise(_scale.Size));
    }

    /// <summary>The hyperparameters.</summary>
    public DdpgOptions Options { get; }

    /// <inheritdoc />
    public string Algorithm => "ddpg";

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <summary>The actor (outputs in [-1, 1]).</summary>
    public Layer Actor => _actor;

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic) => _scale.ToEnv(Policy(observation));

    private float[] Policy(float[] observation)
    {
        using var _ = Autograd.NoGrad();
        return _actor.Forward(new Tensor(observation, 1, _obsSize)).Data;
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
            var current = obs;
            _exploration.Choose(Steps, () => Policy(current), unit, _rng);
            var envAction = _scale.ToEnv(unit);
            var result = _env.Step(envAction);
            _log.Add(envAction);
            Steps++;
            // The real next observation is stored; a truncated episode still bootstraps from it.
            _buffer.Add(obs, unit, (result.Reward + Options.RewardShift) * Options.RewardScale, result.Observation, result.Terminated);
            obs = result.Observation;
            episode.Step(Steps, result.Reward, result.Done);
            if (result.Done)
            {
                obs = _env.Reset().Observation;
                _exploration.EpisodeEnd();
            }
            if (Steps >= Options.LearningStarts && Steps % Options.TrainFreq == 0)
                for (int g = 0; g < Options.GradientSteps; g++) TrainStep(metrics);
            state.Steps = Steps;
            keepGoing = Callbacks.Step(callbacks, state);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    private void TrainStep(IMetricSink metrics)
    {
        int b = Options.BatchSize, a = _scale.Size;
        var batch = _buffer.Sample(b, _rng);
        var obs = Networks.Batch(batch.Observations, b, _obsSize);
        var next = Networks.Batch(batch.NextObservations, b, _obsSize);
        var actions = Networks.Batch(batch.Actions, b, a);

        // Critic: regress Q(s, a) on r + γ^k Q'(s', μ'(s')), the target computed without gradients.
        Tensor target;
        using (Autograd.NoGrad())
        {
            var nextQ = _criticTarget.Forward(next, _actorTarget.Forward(next));
            target = Networks.Batch(batch.Rewards, b, 1) + Networks.Batch(batch.Discounts, b, 1) * nextQ;
        }
        var criticLoss = Losses.Mse(_critic.Forward(obs, actions), target);
        _criticOptimizer.ZeroGrad();
        criticLoss.Backward();
        if (Options.MaxGradNorm > 0) GradClip.ClipGradNorm(_critic.Parameters(), Options.MaxGradNorm);
        _criticOptimizer.Step();

        // Actor: ascend Q(s, μ(s)). The critic is frozen for this pass: its own gradients would only be cleared before
        // its next step, so the backward pass computes just what reaches the actor.
        Tensor actorLoss;
        using (_critic.Frozen())
        {
            actorLoss = -_critic.Forward(obs, _actor.Forward(obs)).Mean();
            _actorOptimizer.ZeroGrad();
            actorLoss.Backward();
        }
        if (Options.MaxGradNorm > 0) GradClip.ClipGradNorm(_actor.Parameters(), Options.MaxGradNorm);
        _actorOptimizer.Step();

        _gradientSteps++;
        if (_gradientSteps % Options.TargetUpdateInterval == 0) Soft(_critic, _criticTarget);
        if (_gradientSteps % Options.ActorTargetUpdateInterval == 0) Soft(_actor, _actorTarget);
        if (_gradientSteps % 100 == 0)
        {
            metrics.Record(Steps, MetricNames.TdLoss, criticLoss.Item());
            metrics.Record(Steps, MetricNames.ActorLoss, actorLoss.Item());
        }
    }

    private void Soft(Module source, Module target)
    {
        if (Options.Tau >= 1) TargetUpdate.HardCopy(source, target);
        else TargetUpdate.Polyak(source, target, Options.Tau);
    }

    /// <inheritdoc />
    public void Save(string path) =>
        TrainingCheckpoint.Save(path, Algorithm, Modules, Optimizers,
            new Dictionary<string, long> { ["steps"] = Steps, ["gradient_steps"] = _gradientSteps },
            _rng, _log, Options.SaveReplayBuffer ? _buffer : null, [("noise", _exploration.State())]);

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, tensors) = TrainingCheckpoint.Load(path, Algorithm, Modules, Optimizers, _rng, _log, _buffer);
        if (tensors.TryGetValue("noise", out var noise)) _exploration.Restore(noise);
        Steps = counters["steps"];
        _gradientSteps = counters["gradient_steps"];
    }

    private (string, Module)[] Modules => [("actor", _actor), ("actor_target", _actorTarget), ("critic", _critic), ("critic_target", _criticTarget)];

    private (string, Optimizer)[] Optimizers => [("actor_optimizer", _actorOptimizer), ("critic_optimizer", _criticOptimizer)];
}
