using MetricNames = Skinner.Reporting.Logging.MetricNames;
using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Agents.Ppo;

/// <summary>Hyperparameters of PPO. Defaults are Stable-Baselines3's.</summary>
public sealed record PpoOptions
{
    /// <summary>Step size of Adam (its starting value under the linear schedule).</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Learning-rate schedule: constant or linear decay to zero over the run.</summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Environments stepped together.</summary>
    public int NEnvs { get; init; } = 1;

    /// <summary>Steps per environment in each rollout.</summary>
    public int NSteps { get; init; } = 2048;

    /// <summary>Transitions per minibatch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Passes over each rollout.</summary>
    public int NEpochs { get; init; } = 10;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>λ of generalised advantage estimation.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Clipping range ε of the probability ratio.</summary>
    public double ClipRange { get; init; } = 0.2;

    /// <summary>Schedule of the clipping range: constant or linear decay to zero (SB3's <c>lin_0.2</c>).</summary>
    public LearningRateSchedule ClipRangeSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Clipping range of the value prediction around its old value; 0 turns value clipping off.</summary>
    public double ClipRangeVf { get; init; }

    /// <summary>Normalise the advantages of each minibatch.</summary>
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Weight of the entropy bonus.</summary>
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Largest global gradient norm (0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Stop the epochs of an update early when the approximate KL passes 1.5 × this; 0 turns it off.</summary>
    public double TargetKl { get; init; }

    /// <summary>ε of Adam (SB3 sets 1e-5 for its on-policy algorithms).</summary>
    public double AdamEps { get; init; } = 1e-5;

    /// <summary>Hidden layer sizes.</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>One trunk under the policy and value heads (true), or separate networks (false).</summary>
    public bool SharedNetwork { get; init; }

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation (gain √2 hidden, 0.01 policy head, 1 value head).</summary>
    public bool OrthoInit { get; init; } = true;

    /// <summary>Initial log standard deviation of the Gaussian policy (state-independent parameter).</summary>
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
        HyperparameterChecks.Require(BatchSize > 1, "batch_size", "must be at least 2 (advantages are normalised per minibatch)");
        HyperparameterChecks.Require(BatchSize <= (long)NSteps * NEnvs, "batch_size", $"({BatchSize}) cannot exceed n_steps × n_envs ({(long)NSteps * NEnvs})");
        HyperparameterChecks.Require(NEpochs > 0, "n_epochs", "must be positive");
        HyperparameterChecks.Require(Gamma is >= 0 and <= 1, "gamma", "must lie in [0, 1]");
        HyperparameterChecks.Require(GaeLambda is >= 0 and <= 1, "gae_lambda", "must lie in [0, 1]");
        HyperparameterChecks.Require(ClipRange > 0, "clip_range", "must be positive");
        HyperparameterChecks.Require(ClipRangeVf >= 0, "clip_range_vf", "must be zero (off) or positive");
        HyperparameterChecks.Require(EntCoef >= 0, "ent_coef", "must be zero or more");
        HyperparameterChecks.Require(VfCoef >= 0, "vf_coef", "must be zero or more");
        HyperparameterChecks.Require(MaxGradNorm >= 0, "max_grad_norm", "must be zero (off) or positive");
        HyperparameterChecks.Require(TargetKl >= 0, "target_kl", "must be zero (off) or positive");
        HyperparameterChecks.Require(AdamEps > 0, "adam_eps", "must be positive");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
        HyperparameterChecks.SdeSampleFreq(SdeSampleFreq);
    }
}

/// <summary>
/// Proximal policy optimisation with the clipped surrogate (Schulman et al. 2017), as SB3 and CleanRL implement
/// it ("The 37 implementation details of PPO"): vector environments, GAE, several epochs of shuffled
/// minibatches, per-minibatch advantage normalisation, optional value clipping, entropy bonus, global gradient
/// clipping, orthogonal initialisation, a state-independent log-std (or gSDE) for continuous actions, linear annealing
/// of the learning rate and clip range, and optional observation and reward normalisation.
/// <para>
/// Checkpoints hold the network, optimiser, counters, random state and normaliser statistics; a resumed run
/// continues from the update boundary with freshly reset environments.
/// </para>
/// </summary>
public sealed class Ppo : IAgent
{
    private readonly IVectorEnv _env;
    private readonly long _seed;
    private readonly ActorCriticPolicy _policy;
    private readonly Adam _optimizer;
    private readonly VecNormalizer _normalizer;
    private readonly Rng _rng;
    private long _updates;

    /// <summary>Creates the agent for <paramref name="env"/> (copied into <c>n_envs</c> environments).</summary>
    public Ppo(IEnv env, PpoOptions options, long seed)
        : this(OnPolicy.VectorOf(env ?? throw new ArgumentNullException(nameof(env)), (options ?? throw new ArgumentNullException(nameof(options))).NEnvs), options, seed)
    {
    }

    /// <summary>Creates the agent for a vector environment (same-step autoreset); <c>n_envs</c> must equal its size.</summary>
    public Ppo(IVectorEnv env, PpoOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (env.NumEnvs != options.NEnvs) throw new ArgumentException($"n_envs is {options.NEnvs} but the vector environment has {env.NumEnvs}.");
        if (env.AutoresetMode != AutoresetMode.SameStep) throw new ArgumentException("PPO needs a vector environment that resets in the same step (AutoresetMode.SameStep).");
        _env = env;
        _seed = seed;
        Options = options;
        _rng = new Rng(unchecked((ulong)seed));
        var architecture = new PolicyArchitecture
        {
            NetArch = options.NetArch, Shared = options.SharedNetwork, Activation = options.Activation,
            OrthoInit = options.OrthoInit, LogStdInit = (float)options.LogStdInit, UseSde = options.UseSde, FullStd = options.FullStd,
        };
        _policy = new ActorCriticPolicy(env.SingleObservationSpace, env.SingleActionSpace, architecture, _rng.Fork());
        _optimizer = new Adam(_policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Eps = options.AdamEps });
        _normalizer = new VecNormalizer(env.NumEnvs, env.ObservationSize, options.NormalizeObservation, options.NormalizeReward, options.Gamma);
    }

    /// <summary>The hyperparameters.</summary>
    public PpoOptions Options { get; }

    /// <summary>The policy and value network.</summary>
    public ActorCriticPolicy Policy => _policy;

    /// <inheritdoc />
    public string Algorithm => "ppo";

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
        int envs = _env.NumEnvs, t = Options.NSteps;
        var episodes = Enumerable.Range(0, envs).Select(_ => new EpisodeTracker(metrics, callbacks, state)).ToArray();
        _env.Reset(_seed + Steps);
        _normalizer.Observe(_env.Observations, envs);
        var obs = _normalizer.Observation(_env.Observations);
        var rollout = new Rollout(t, envs, _env.ObservationSize, _policy.ActionSize);
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
                var rewards = Array.ConvertAll(_env.Rewards, r => (float)r);
                var done = new bool[envs];
                for (int n = 0; n < envs; n++) done[n] = _env.Terminated[n] || _env.Truncated[n];
                for (int n = 0; n < envs; n++) episodes[n].Step(Steps, rewards[n], done[n]);
                _normalizer.Rewards(rewards, done);
                // A time limit is not a terminal state: bootstrap from the real final observation's value.
                var truncValues = OnPolicy.TruncationValues(_policy, _normalizer.Observation(_env.FinalObservations), _env.Truncated, _env.Terminated);
                rollout.Add(step, obs, act, rewards, _env.Terminated, _env.Truncated, truncValues);
                _normalizer.Observe(_env.Observations, envs);
                obs = _normalizer.Observation(_env.Observations);
                state.Steps = Steps;
                keepGoing = Callbacks.Step(callbacks, state);
            }
            // A run stopped in the middle of a rollout ends without learning from the partial rollout.
            if (filled < t) break;
            // The helper thread fell asleep during the rollout; woken now, it is watching when the first minibatch comes.
            if (_policy.SeparateCritic) HelperThreads.Wake();
            var (adv, ret) = rollout.Advantages(_policy.Values(obs, envs), Options.Gamma, Options.GaeLambda);
            // SB3 anneals with the progress at the end of the rollout.
            bool linearLr = Options.LearningRateSchedule == LearningRateSchedule.Linear;
            _optimizer.LearningRate = linearLr ? OnPolicy.Anneal(Options.LearningRate, Steps, totalSteps) : Options.LearningRate;
            double clip = Options.ClipRangeSchedule == LearningRateSchedule.Linear ? OnPolicy.Anneal(Options.ClipRange, Steps, totalSteps) : Options.ClipRange;
            Update(rollout, adv, ret, clip, metrics);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    private void Update(Rollout rollout, float[] advantages, float[] returns, double clip, IMetricSink metrics)
    {
        int rows = rollout.Rows, b = Options.BatchSize, o = _policy.ObservationSize, a = _policy.ActionSize;
        var order = new int[rows];
        LossReport last = default;
        double kl = 0, clipFraction = 0;
        bool stop = false;
        for (int epoch = 0; epoch < Options.NEpochs && !stop; epoch++)
        {
            Permute(order);
            // SB3 keeps a last, smaller minibatch when the rollout does not split evenly.
            for (int start = 0; start < rows && !stop; start += b)
            {
                int m = Math.Min(b, rows - start);
                var idx = order.AsSpan(start, m);
                var obs = new float[m * o];
                var actions = new float[m * a];
                var oldLogProb = new float[m];
                var oldValues = new float[m];
                var adv = new float[m];
                var ret = new float[m];
                for (int i = 0; i < m; i++)
                {
                    int r = idx[i];
                    rollout.Observations.AsSpan(r * o, o).CopyTo(obs.AsSpan(i * o));
                    rollout.Actions.AsSpan(r * a, a).CopyTo(actions.AsSpan(i * a));
                    oldLogProb[i] = rollout.LogProbs[r];
                    oldValues[i] = rollout.Values[r];
                    adv[i] = advantages[r];
                    ret[i] = returns[r];
                }
                if (Options.NormalizeAdvantage && m > 1) OnPolicy.Normalize(adv);
                (last, kl, clipFraction) = Minibatch(new Tensor(obs, m, o), actions, oldLogProb, oldValues, adv, ret, clip);
                stop = Options.TargetKl > 0 && kl > 1.5 * Options.TargetKl;
            }
        }
        _updates++;
        last.Record(metrics, Steps, _optimizer.LearningRate);
        metrics.Record(Steps, MetricNames.ApproxKl, kl);
        metrics.Record(Steps, MetricNames.ClipFraction, clipFraction);
    }

    private (LossReport Losses, double ApproxKl, double ClipFraction) Minibatch(Tensor obs, float[] actions, float[] oldLogProb,
        float[] oldValues, float[] advantages, float[] returns, double clip)
    {
        int m = obs.Shape[0];
        float vfCoef = (float)Options.VfCoef;
        Tensor policyLoss = null!, entropyLoss = null!, valueLoss = null!;
        double kl = 0, clipped = 0;
        bool skip = false;

        void ActorLoss()
        {
            var (logProb, entropy) = _policy.EvaluateActions(obs, actions);
            var logRatio = logProb - new Tensor(oldLogProb, m);
            var ratio = logRatio.Exp();
            var adv = new Tensor(advantages, m);
            // Clipped surrogate: the pessimistic minimum of the unclipped and clipped objectives.
            var surrogate = Tensor.Minimum(adv * ratio, adv * ratio.Clamp((float)(1 - clip), (float)(1 + clip)));
            policyLoss = -surrogate.Mean();
            entropyLoss = -entropy.Mean();

            // Approximate KL (k3 estimator, Schulman 2020) and the share of clipped ratios, for diagnostics and target_kl.
            for (int i = 0; i < m; i++)
            {
                double lr = logRatio.Data[i], r = Math.Exp(lr);
                kl += r - 1 - lr;
                if (Math.Abs(r - 1) > clip) clipped++;
            }
            kl /= m;
            skip = Options.TargetKl > 0 && kl > 1.5 * Options.TargetKl;
        }

        void CriticLoss()
        {
            var v = _policy.Value(obs).Reshape(m);
            var target = new Tensor(returns, m);
            if (Options.ClipRangeVf > 0)
            {
                // The value may move at most clip_range_vf from its old prediction (SB3's form: MSE of the clipped value).
                var old = new Tensor(oldValues, m);
                float c = (float)Options.ClipRangeVf;
                v = old + (v - old).Clamp(-c, c);
            }
            valueLoss = (v - target).Square().Mean();
        }

        _optimizer.ZeroGrad();
        if (_policy.SeparateCritic)
        {
            // No parameter is shared, so each half's own backward pass gives exactly the gradients of the sum
            // below, and the two halves run side by side. A skipped step leaves gradients that the next ZeroGrad clears.
            HelperThreads.Both(
                () =>
                {
                    ActorLoss();
                    if (!skip) OnPolicy.WithEntropyBonus(policyLoss, Options.EntCoef, entropyLoss).Backward();
                },
                () =>
                {
                    CriticLoss();
                    (vfCoef * valueLoss).Backward();
                });
        }
        else
        {
            ActorLoss();
            CriticLoss();
            if (!skip) (OnPolicy.WithEntropyBonus(policyLoss, Options.EntCoef, entropyLoss) + vfCoef * valueLoss).Backward();
        }
        var report = new LossReport(policyLoss.Item(), valueLoss.Item(), -entropyLoss.Item());
        if (skip) return (report, kl, clipped / m);

        if (Options.MaxGradNorm > 0) GradClip.ClipGradNorm(_optimizer.Parameters, Options.MaxGradNorm);
        _optimizer.Step();
        return (report, kl, clipped / m);
    }

    // Fisher-Yates from the agent's generator, so that a seed fixes the minibatches.
    private void Permute(int[] order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = _rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
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
