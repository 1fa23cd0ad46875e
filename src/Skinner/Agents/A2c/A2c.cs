using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Agents.A2c;

/// <summary>Hyperparameters of A2C. Defaults are Stable-Baselines3's.</summary>
public sealed record A2cOptions
{
    /// <summary>Step size of the optimiser (its starting value under the linear schedule).</summary>
    public double LearningRate { get; init; } = 7e-4;

    /// <summary>Learning-rate schedule: constant or linear decay to zero over the run.</summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Environments stepped together.</summary>
    public int NEnvs { get; init; } = 1;

    /// <summary>Steps per environment in each rollout (the n of the n-step returns).</summary>
    public int NSteps { get; init; } = 5;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>λ of generalised advantage estimation; 1 gives plain n-step returns.</summary>
    public double GaeLambda { get; init; } = 1.0;

    /// <summary>Weight of the entropy bonus.</summary>
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Largest global gradient norm (0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Normalise the advantages of each rollout to mean 0 and standard deviation 1.</summary>
    public bool NormalizeAdvantage { get; init; }

    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Rmsprop;

    /// <summary>Smoothing constant of RMSprop.</summary>
    public double RmspropAlpha { get; init; } = 0.99;

    /// <summary>ε of the optimiser (RMSprop's or Adam's).</summary>
    public double OptimizerEps { get; init; } = 1e-5;

    /// <summary>Adam's β1.</summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam's β2.</summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>Hidden layer sizes.</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>One trunk under the policy and value heads (true), or separate networks (false).</summary>
    public bool SharedNetwork { get; init; }

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation (gain √2 hidden, 0.01 policy head, 1 value head).</summary>
    public bool OrthoInit { get; init; } = true;

    /// <summary>Gaussian head for continuous actions.</summary>
    public GaussianHead GaussianHead { get; init; } = GaussianHead.StateIndependentLogStd;

    /// <summary>Initial log standard deviation of the state-independent Gaussian head.</summary>
    public double LogStdInit { get; init; }

    /// <summary>
    /// Generalised state-dependent exploration (gSDE; SB3's <c>use_sde</c>): noise from the actor's features times
    /// a random matrix redrawn every <c>sde_sample_freq</c> steps, instead of independent noise each step. Continuous actions only.
    /// </summary>
    public bool UseSde { get; init; }

    /// <summary>With gSDE: redraw the exploration matrices every this many steps (-1: only at the start of each rollout).</summary>
    public int SdeSampleFreq { get; init; } = -1;

    /// <summary>With gSDE: one σ per feature and action (true), or one per feature.</summary>
    public bool FullStd { get; init; } = true;

    /// <summary>Normalise observations with running statistics shared by the environments.</summary>
    public bool NormalizeObservation { get; init; }

    /// <summary>Scale rewards by the running standard deviation of each environment's discounted return.</summary>
    public bool NormalizeReward { get; init; }

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(LearningRate > 0, "learning_rate", "must be positive");
        HyperparameterChecks.Require(NEnvs > 0, "n_envs", "must be positive");
        HyperparameterChecks.Require(NSteps > 0, "n_steps", "must be positive");
        HyperparameterChecks.Require(Gamma is >= 0 and <= 1, "gamma", "must lie in [0, 1]");
        HyperparameterChecks.Require(GaeLambda is >= 0 and <= 1, "gae_lambda", "must lie in [0, 1]");
        HyperparameterChecks.Require(EntCoef >= 0, "ent_coef", "must be zero or more");
        HyperparameterChecks.Require(VfCoef >= 0, "vf_coef", "must be zero or more");
        HyperparameterChecks.Require(MaxGradNorm >= 0, "max_grad_norm", "must be zero (off) or positive");
        HyperparameterChecks.Require(OptimizerEps > 0, "optimizer_eps", "must be positive");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
        HyperparameterChecks.SdeSampleFreq(SdeSampleFreq);
    }

    /// <summary>The network architecture these options describe.</summary>
    public PolicyArchitecture Architecture => new()
    {
        NetArch = NetArch, Shared = SharedNetwork, Activation = Activation, OrthoInit = OrthoInit,
        GaussianHead = GaussianHead, LogStdInit = (float)LogStdInit, UseSde = UseSde, FullStd = FullStd,
    };
}

/// <summary>
/// Advantage actor-critic (Mnih et al. 2016, synchronous form): several environments stepped together, n-step
/// rollouts, advantages from n-step returns (or GAE), one gradient step per rollout on
/// <c>-A·log π(a|s) + vf_coef·(R - V(s))² - ent_coef·H[π(·|s)]</c>.
/// <para>
/// Checkpoints hold the network, optimiser, counters, random state and normaliser statistics; a resumed run
/// continues from the update boundary with freshly reset environments (the sub-environments' episodes in
/// progress are not replayed).
/// </para>
/// </summary>
public sealed class A2c : IAgent
{
    private readonly IVectorEnv _env;
    private readonly long _seed;
    private readonly ActorCriticPolicy _policy;
    private readonly Optimizer _optimizer;
    private readonly VecNormalizer _normalizer;
    private readonly Rng _rng;
    private long _updates;

    /// <summary>Creates the agent for <paramref name="env"/> (copied into <c>n_envs</c> environments).</summary>
    public A2c(IEnv env, A2cOptions options, long seed)
        : this(OnPolicy.VectorOf(env ?? throw new ArgumentNullException(nameof(env)), (options ?? throw new ArgumentNullException(nameof(options))).NEnvs), options, seed)
    {
    }

    /// <summary>Creates the agent for a vector environment (same-step autoreset); <c>n_envs</c> must equal its size.</summary>
    public A2c(IVectorEnv env, A2cOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (env.NumEnvs != options.NEnvs) throw new ArgumentException($"n_envs is {options.NEnvs} but the vector environment has {env.NumEnvs}.");
        if (env.AutoresetMode != AutoresetMode.SameStep) throw new ArgumentException("A2C needs a vector environment that resets in the same step (AutoresetMode.SameStep).");
        _env = env;
        _seed = seed;
        Options = options;
        _rng = new Rng(unchecked((ulong)seed));
        _policy = new ActorCriticPolicy(env.SingleObservationSpace, env.SingleActionSpace, options.Architecture, _rng.Fork());
        _optimizer = OnPolicy.MakeOptimizer(options.Optimizer, _policy.Parameters(), options.LearningRate, options.OptimizerEps,
            options.RmspropAlpha, options.AdamBeta1, options.AdamBeta2);
        _normalizer = new VecNormalizer(env.NumEnvs, env.ObservationSize, options.NormalizeObservation, options.NormalizeReward, options.Gamma);
    }

    /// <summary>The hyperparameters.</summary>
    public A2cOptions Options { get; }

    /// <summary>The policy and value network.</summary>
    public ActorCriticPolicy Policy => _policy;

    /// <inheritdoc />
    public string Algorithm => "a2c";

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return _policy.ToEnv(_policy.Step(_normalizer.Observation(observation), 1, _rng, deterministic).Actions);
    }

    /// <inheritdoc />
    public void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(metrics);
        var state = new TrainingState { Agent = this, Steps = Steps, TotalSteps = totalSteps };
        int envs = _env.NumEnvs, obsSize = _env.ObservationSize, t = Options.NSteps;
        var episodes = Enumerable.Range(0, envs).Select(_ => new EpisodeTracker(metrics, callbacks, state)).ToArray();
        _env.Reset(_seed + Steps);
        _normalizer.Observe(_env.Observations, envs);
        var obs = _normalizer.Observation(_env.Observations);
        var rollout = new Rollout(t, envs, obsSize, _policy.ActionSize);
        foreach (var c in callbacks) c.OnTrainingStart(state);
        bool keepGoing = true;
        while (Steps < totalSteps && keepGoing)
        {
            int filled = 0;
            for (int step = 0; step < t && keepGoing; step++, filled++)
            {
                // gSDE: fresh exploration matrices at the start of each rollout and every sde_sample_freq steps.
                if (OnPolicy.NoiseDue(Options.UseSde, Options.SdeSampleFreq, step)) _policy.ResetNoise(envs, _rng);
                var act = _policy.Step(obs, envs, _rng, deterministic: false);
                _env.Step(_policy.ToEnv(act.Actions));
                Steps += envs;
                var raw = Array.ConvertAll(_env.Rewards, r => (float)r);
                var done = new bool[envs];
                for (int n = 0; n < envs; n++) done[n] = _env.Terminated[n] || _env.Truncated[n];
                for (int n = 0; n < envs; n++) episodes[n].Step(Steps, raw[n], done[n]);
                _normalizer.Rewards(raw, done);
                // A time limit is not a terminal state: bootstrap from the real final observation's value.
                var truncValues = OnPolicy.TruncationValues(_policy, _normalizer.Observation(_env.FinalObservations), _env.Truncated, _env.Terminated);
                rollout.Add(step, obs, act, raw, _env.Terminated, _env.Truncated, truncValues);
                _normalizer.Observe(_env.Observations, envs);
                obs = _normalizer.Observation(_env.Observations);
                state.Steps = Steps;
                keepGoing = Callbacks.Step(callbacks, state);
            }
            // A run stopped in the middle of a rollout ends without learning from the partial rollout.
            if (filled < t) break;
            var (adv, ret) = rollout.Advantages(_policy.Values(obs, envs), Options.Gamma, Options.GaeLambda);
            // SB3 anneals with the progress at the end of the rollout.
            if (Options.LearningRateSchedule == LearningRateSchedule.Linear)
                _optimizer.LearningRate = OnPolicy.Anneal(Options.LearningRate, Steps, totalSteps);
            var losses = Update(_policy, rollout, adv, ret, Options.NormalizeAdvantage, Options.EntCoef, Options.VfCoef, Options.MaxGradNorm);
            _optimizer.Step();
            if (++_updates % 20 == 0) losses.Record(metrics, Steps, _optimizer.LearningRate);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    /// <summary>
    /// Computes the A2C loss of a rollout, back-propagates it into <paramref name="policy"/>'s gradients and
    /// clips them; the caller steps the optimiser (A3C steps a shared one). Shared by A2C and A3C so that one
    /// A3C worker and one-environment A2C take exactly the same steps.
    /// </summary>
    internal static LossReport Update(ActorCriticPolicy policy, Rollout rollout, float[] advantages, float[] returns,
        bool normalizeAdvantage, double entCoef, double vfCoef, double maxGradNorm)
    {
        int b = rollout.Rows;
        var obs = new Tensor(rollout.Observations, b, policy.ObservationSize);
        var (logProb, entropy, value) = policy.Evaluate(obs, rollout.Actions);
        if (normalizeAdvantage) OnPolicy.Normalize(advantages);
        var adv = new Tensor(advantages, b);
        var policyLoss = -(adv * logProb).Mean();
        var valueLoss = (value.Reshape(b) - new Tensor(returns, b)).Square().Mean();
        var entropyLoss = -entropy.Mean();
        var loss = OnPolicy.WithEntropyBonus(policyLoss, entCoef, entropyLoss) + (float)vfCoef * valueLoss;
        var parameters = policy.Parameters().ToArray();
        foreach (var p in parameters) p.Grad = null;
        loss.Backward();
        if (maxGradNorm > 0) GradClip.ClipGradNorm(parameters, maxGradNorm);
        return new LossReport(policyLoss.Item(), valueLoss.Item(), -entropyLoss.Item());
    }

    /// <inheritdoc />
    public void Save(string path) =>
        TrainingCheckpoint.Save(path, Algorithm, [("policy", _policy)], [("optimizer", _optimizer)],
            new Dictionary<string, long> { ["steps"] = Steps, ["updates"] = _updates }, _rng, new EnvironmentLog(_policy.ActionSize), null,
            OnPolicy.Export(_normalizer));

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, tensors) = TrainingCheckpoint.Load(path, Algorithm, [("policy", _policy)], [("optimizer", _optimizer)], _rng, new EnvironmentLog(_policy.ActionSize), null);
        OnPolicy.Import(_normalizer, tensors, path);
        Steps = counters["steps"];
        _updates = counters["updates"];
    }
}
