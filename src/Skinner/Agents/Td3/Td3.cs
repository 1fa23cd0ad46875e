using Skinner.Agents.Common;
using Skinner.Agents.Ddpg;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;
using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Td3;

/// <summary>Hyperparameters of TD3. Defaults are Stable-Baselines3's; noise is in [-1, 1] action units.</summary>
public sealed record Td3Options
{
    /// <summary>Step size of both Adams.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Capacity of the replay buffer, in transitions.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 100;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Polyak coefficient of the target updates.</summary>
    public double Tau { get; init; } = 0.005;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Environment steps between training phases.</summary>
    public int TrainFreq { get; init; } = 1;

    /// <summary>Gradient steps per training phase.</summary>
    public int GradientSteps { get; init; } = 1;

    /// <summary>Critic updates per actor (and target) update.</summary>
    public int PolicyDelay { get; init; } = 2;

    /// <summary>Standard deviation of the noise added to the target action (target policy smoothing).</summary>
    public double TargetPolicyNoise { get; init; } = 0.2;

    /// <summary>Clip of the target policy noise.</summary>
    public double TargetNoiseClip { get; init; } = 0.5;

    /// <summary>Exploration noise: none, normal or ornstein_uhlenbeck.</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.Normal;

    /// <summary>Standard deviation of the exploration noise.</summary>
    public double NoiseSigma { get; init; } = 0.1;

    /// <summary>Hidden layer sizes of the actor and the critics.</summary>
    public int[] NetArch { get; init; } = [400, 300];

    /// <summary>Keep the replay buffer in checkpoints, so that a resumed run continues exactly.</summary>
    public bool SaveReplayBuffer { get; init; } = true;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(LearningRate > 0, "learning_rate", "must be positive");
        HyperparameterChecks.Replay(BufferSize, BatchSize, LearningStarts, TrainFreq, GradientSteps, Tau, Gamma);
        HyperparameterChecks.Require(PolicyDelay > 0, "policy_delay", "must be positive");
        HyperparameterChecks.Require(TargetPolicyNoise >= 0, "target_policy_noise", "must be zero or more");
        HyperparameterChecks.Require(TargetNoiseClip >= 0, "target_noise_clip", "must be zero or more");
        HyperparameterChecks.Require(NoiseSigma >= 0, "noise_sigma", "must be zero or more");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
    }
}

/// <summary>
/// Twin delayed DDPG (Fujimoto et al. 2018): two critics and the smaller of their targets, noise on the
/// target action, and actor and target updates every <c>policy_delay</c> critic updates.
/// </summary>
public sealed class Td3 : IAgent
{
    private readonly IEnv _env;
    private readonly long _seed;
    private readonly int _obsSize;
    private readonly ActionScale _scale;
    private readonly DeterministicActor _actor, _actorTarget;
    private readonly QCritic _q1, _q2, _q1Target, _q2Target;
    private readonly Adam _actorOptimizer, _criticOptimizer;
    private readonly ReplayBuffer _buffer;
    private readonly EnvironmentLog _log;
    private readonly ActionExploration _exploration;
    private readonly Rng _rng;
    private long _gradientSteps;

    /// <summary>Creates the agent for <paramref name="env"/>.</summary>
    public Td3(IEnv env, Td3Options options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _env = env;
        _seed = seed;
        Options = options;
        _scale = new ActionScale(env.ActionSpace, "TD3");
        _obsSize = env.ObservationSpace.FlatSize;
        _rng = new Rng(unchecked((ulong)seed));
        var init = _rng.Fork();
        int a = _scale.Size;
        _actor = new DeterministicActor(_obsSize, options.NetArch, a, init);
        _actorTarget = new DeterministicActor(_obsSize, options.NetArch, a, init);
        _q1 = new QCritic(_obsSize, a, options.NetArch, init);
        _q2 = new QCritic(_obsSize, a, options.NetArch, init);
        _q1Target = new QCritic(_obsSize, a, options.NetArch, init);
        _q2Target = new QCritic(_obsSize, a, options.NetArch, init);
        TargetUpdate.HardCopy(_actor, _actorTarget);
        TargetUpdate.HardCopy(_q1, _q1Target);
        TargetUpdate.HardCopy(_q2, _q2Target);
        _actorOptimizer = new Adam(_actor.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        _criticOptimizer = new Adam([.. _q1.Parameters(), .. _q2.Parameters()], new AdamOptions { LearningRate = options.LearningRate });
        _buffer = new ReplayBuffer(options.BufferSize, _obsSize, a, options.Gamma);
        _log = new EnvironmentLog(a);
        _exploration = new ActionExploration(options.LearningStarts, new DdpgOptions { Noise = options.Noise, NoiseSigma = options.NoiseSigma }.MakeNoise(a));
    }

    /// <summary>The hyperparameters.</summary>
    public Td3Options Options { get; }

    /// <inheritdoc />
    public string Algorithm => "td3";

    /// <inheritdoc />
    public long Steps { get; private set; }

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
            _buffer.Add(obs, unit, result.Reward, result.Observation, result.Terminated);
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

        // Target: r + γ^k min(Q1', Q2')(s', clip(μ'(s') + clip(ε, -c, c), -1, 1)), without gradients.
        Tensor target;
        using (Autograd.NoGrad())
        {
            var nextAction = _actorTarget.Forward(next);
            var smoothed = nextAction.Data;
            for (int i = 0; i < smoothed.Length; i++)
            {
                double eps = Math.Clamp(Options.TargetPolicyNoise * _rng.NextNormal(), -Options.TargetNoiseClip, Options.TargetNoiseClip);
                smoothed[i] = Math.Clamp((float)(smoothed[i] + eps), -1f, 1f);
            }
            var q1 = _q1Target.Forward(next, nextAction).Data;
            var q2 = _q2Target.Forward(next, nextAction).Data;
            var y = new float[b];
            for (int i = 0; i < b; i++) y[i] = batch.Rewards[i] + batch.Discounts[i] * Math.Min(q1[i], q2[i]);
            target = new Tensor(y, b, 1);
        }
        var criticLoss = Losses.Mse(_q1.Forward(obs, actions), target) + Losses.Mse(_q2.Forward(obs, actions), target);
        _criticOptimizer.ZeroGrad();
        criticLoss.Backward();
        _criticOptimizer.Step();
        _gradientSteps++;

        if (_gradientSteps % Options.PolicyDelay != 0) return;
        // The first critic is frozen for the actor's pass: its gradients from it would only be cleared before its next step.
        Tensor actorLoss;
        using (_q1.Frozen())
        {
            actorLoss = -_q1.Forward(obs, _actor.Forward(obs)).Mean();
            _actorOptimizer.ZeroGrad();
            actorLoss.Backward();
        }
        _actorOptimizer.Step();
        TargetUpdate.Polyak(_actor, _actorTarget, Options.Tau);
        TargetUpdate.Polyak(_q1, _q1Target, Options.Tau);
        TargetUpdate.Polyak(_q2, _q2Target, Options.Tau);
        if (_gradientSteps % 100 == 0)
        {
            metrics.Record(Steps, MetricNames.TdLoss, criticLoss.Item());
            metrics.Record(Steps, MetricNames.ActorLoss, actorLoss.Item());
        }
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

    private (string, Module)[] Modules =>
        [("actor", _actor), ("actor_target", _actorTarget), ("q1", _q1), ("q2", _q2), ("q1_target", _q1Target), ("q2_target", _q2Target)];

    private (string, Optimizer)[] Optimizers => [("actor_optimizer", _actorOptimizer), ("critic_optimizer", _criticOptimizer)];
}
