using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Agents.A3c;

/// <summary>
/// Hyperparameters of A3C. Defaults follow A2C's (SB3), with the paper's entropy weight 0.01; with one worker
/// and the same settings A3C takes exactly the steps of one-environment A2C.
/// </summary>
public sealed record A3cOptions
{
    /// <summary>Worker threads, each with its own environment; 0 means one per processor.</summary>
    public int Workers { get; init; }

    /// <summary>Apply updates to the global network without a lock (Hogwild, as the paper) rather than one at a time.</summary>
    public bool LockFree { get; init; } = true;

    /// <summary>Step size of the shared optimiser (its starting value under the linear schedule).</summary>
    public double LearningRate { get; init; } = 7e-4;

    /// <summary>Learning-rate schedule: constant or linear decay to zero over the run.</summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Steps per worker between updates (1: single-step actor-critic; n: n-step returns).</summary>
    public int NSteps { get; init; } = 5;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>λ of generalised advantage estimation; 1 gives plain n-step returns.</summary>
    public double GaeLambda { get; init; } = 1.0;

    /// <summary>Weight of the entropy bonus.</summary>
    public double EntCoef { get; init; } = 0.01;

    /// <summary>Weight of the value loss.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Largest global gradient norm of each worker's gradient (0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Normalise the advantages of each worker's rollout.</summary>
    public bool NormalizeAdvantage { get; init; }

    /// <summary>The shared optimiser.</summary>
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
    /// Generalised state-dependent exploration (gSDE; SB3's <c>use_sde</c>): each worker's noise is its actor's features
    /// times a random matrix redrawn every <c>sde_sample_freq</c> steps. Continuous actions only.
    /// </summary>
    public bool UseSde { get; init; }

    /// <summary>With gSDE: redraw a worker's exploration matrix every this many steps (-1: only at the start of each rollout).</summary>
    public int SdeSampleFreq { get; init; } = -1;

    /// <summary>With gSDE: one σ per feature and action (true), or one per feature.</summary>
    public bool FullStd { get; init; } = true;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(Workers >= 0, "workers", "must be zero (one per processor) or positive");
        HyperparameterChecks.Require(LearningRate > 0, "learning_rate", "must be positive");
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

    /// <summary>Workers to run: <see cref="Workers"/>, or one per processor when 0.</summary>
    public int WorkerCount => Workers > 0 ? Workers : Environment.ProcessorCount;

    /// <summary>The network architecture these options describe.</summary>
    public PolicyArchitecture Architecture => new()
    {
        NetArch = NetArch, Shared = SharedNetwork, Activation = Activation, OrthoInit = OrthoInit,
        GaussianHead = GaussianHead, LogStdInit = (float)LogStdInit, UseSde = UseSde, FullStd = FullStd,
    };
}

/// <summary>
/// Asynchronous advantage actor-critic (Mnih et al. 2016). K worker threads each own an environment and a local
/// copy of the network; every <c>n_steps</c> a worker computes the n-step actor-critic gradient on its copy,
/// hands it to the global network's one shared optimiser, and pulls the global weights back.
/// <para>
/// The shared step is a deliberate choice (<c>lock_free</c>): locked, one worker's gradient is applied and its
/// weights pulled at a time; lock-free (Hogwild, as the paper), workers apply and read concurrently, so a step
/// may see another worker's gradient or half-written weights. That is the algorithm's trade; only the first
/// step (which creates the optimiser's state) is always taken under the lock. One worker runs on the calling
/// thread and is deterministic: with the same seed and settings it equals one-environment A2C bit for bit.
/// </para>
/// <para>
/// Checkpoints hold the global network, optimiser, counters and random state; a resumed run starts fresh
/// episodes at the update boundary.
/// </para>
/// </summary>
public sealed class A3c : IAgent
{
    private readonly IEnv _env;
    private readonly long _seed;
    private readonly ActorCriticPolicy _global;
    private readonly Optimizer _optimizer;
    private readonly Rng _rng, _actRng;
    private readonly Lock _update = new(), _report = new();
    private volatile bool _optimizerWarm, _stop;
    private long _steps, _updates;

    /// <summary>Creates the agent; <paramref name="env"/> is worker 0's environment, the others are made from its registration.</summary>
    public A3c(IEnv env, A3cOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.WorkerCount > 1 && env.Spec is null)
            throw new ArgumentException($"{options.WorkerCount} workers need copies of the environment, but it has no registration to make them from; make it with Envs.Make(id) or set workers to 1.");
        _env = env;
        _seed = seed;
        Options = options;
        // The same draws as A2C, so that one worker reproduces one-environment A2C.
        _rng = new Rng(unchecked((ulong)seed));
        _global = new ActorCriticPolicy(env.ObservationSpace, env.ActionSpace, options.Architecture, _rng.Fork());
        _optimizer = OnPolicy.MakeOptimizer(options.Optimizer, _global.Parameters(), options.LearningRate, options.OptimizerEps,
            options.RmspropAlpha, options.AdamBeta1, options.AdamBeta2);
        // Callbacks call Act from whichever worker reports, so it must not draw from worker 0's generator.
        _actRng = new Rng(unchecked((ulong)seed ^ 0xD1B54A32D192ED03UL));
    }

    /// <summary>The hyperparameters.</summary>
    public A3cOptions Options { get; }

    /// <summary>The global network.</summary>
    public ActorCriticPolicy Policy => _global;

    /// <inheritdoc />
    public string Algorithm => "a3c";

    /// <inheritdoc />
    public long Steps => Interlocked.Read(ref _steps);

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_actRng) return _global.ToEnv(_global.Step(observation, 1, _actRng, deterministic).Actions);
    }

    /// <inheritdoc />
    public void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(metrics);
        var state = new TrainingState { Agent = this, Steps = Steps, TotalSteps = totalSteps };
        int k = Options.WorkerCount;
        _stop = false;
        foreach (var c in callbacks) c.OnTrainingStart(state);
        if (k == 1) Work(0, _env, _rng, totalSteps, callbacks, metrics, state);
        else
        {
            // Each worker multiplies its own small matrices: threads inside a product would only fight the workers.
            int gemmThreads = Gemm.MaxThreads;
            Gemm.MaxThreads = 1;
            var envs = new IEnv[k];
            envs[0] = _env;
            try
            {
                for (int w = 1; w < k; w++) envs[w] = EnvRegistry.Make(_env.Spec!.Id);
                var threads = new Thread[k];
                Exception? failure = null;
                for (int w = 0; w < k; w++)
                {
                    int id = w;
                    var rng = id == 0 ? _rng : WorkerRng(id);
                    threads[w] = new Thread(() =>
                    {
                        try
                        {
                            Work(id, envs[id], rng, totalSteps, callbacks, metrics, state);
                        }
                        catch (Exception e)
                        {
                            Interlocked.CompareExchange(ref failure, e, null);
                            _stop = true;
                        }
                    }) { IsBackground = true, Name = $"a3c-worker-{id}" };
                    threads[w].Start();
                }
                foreach (var t in threads) t.Join();
                if (failure is not null) throw new InvalidOperationException($"An A3C worker failed: {failure.Message}", failure);
            }
            finally
            {
                Gemm.MaxThreads = gemmThreads;
                for (int w = 1; w < k; w++) envs[w]?.Dispose();
            }
        }
        state.Steps = Steps;
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    // Worker k > 0 draws from its own stream, fixed by the seed, the worker and where the run stands.
    private Rng WorkerRng(int worker) => new(unchecked((ulong)_seed * 0x9E3779B97F4A7C15UL + (ulong)worker * 0xBF58476D1CE4E5B9UL + (ulong)Steps));

    private void Work(int worker, IEnv env, Rng rng, long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics, TrainingState state)
    {
        int o = _global.ObservationSize, t = Options.NSteps;
        var local = worker == 0 && Options.WorkerCount == 1 ? _global : new ActorCriticPolicy(env.ObservationSpace, env.ActionSpace, Options.Architecture, new Rng(0));
        var link = ReferenceEquals(local, _global) ? null : new WorkerLink(_global, local, _optimizer);
        link?.Pull();
        var tracker = new EpisodeTracker(metrics, callbacks, state);
        var obs = env.Reset(_seed + worker + Steps).Observation;
        var rollout = new Rollout(t, 1, o, _global.ActionSize);
        bool[] term = new bool[1], trunc = new bool[1];
        while (!_stop && Steps < totalSteps)
        {
            int filled = 0;
            for (int step = 0; step < t && !_stop; step++, filled++)
            {
                // gSDE: a fresh exploration matrix at the start of each rollout and every sde_sample_freq steps (as A2C).
                if (OnPolicy.NoiseDue(Options.UseSde, Options.SdeSampleFreq, step)) local.ResetNoise(1, rng);
                var act = local.Step(obs, 1, rng, deterministic: false);
                var result = env.Step(local.ToEnv(act.Actions));
                (term[0], trunc[0]) = (result.Terminated, result.Truncated);
                // A time limit is not a terminal state: bootstrap from the real final observation's value.
                var truncValues = OnPolicy.TruncationValues(local, result.Observation, trunc, term);
                rollout.Add(step, obs, act, [(float)result.Reward], term, trunc, truncValues);
                obs = result.Done ? env.Reset().Observation : result.Observation;
                lock (_report)
                {
                    // Counted under the lock, so that the callbacks see the steps of all workers in order.
                    long steps = Interlocked.Increment(ref _steps);
                    tracker.Step(steps, result.Reward, result.Done);
                    state.Steps = steps;
                    if (!Callbacks.Step(callbacks, state)) _stop = true;
                }
            }
            // A run stopped in the middle of a rollout ends without learning from the partial rollout.
            if (filled < t) break;
            var (adv, ret) = rollout.Advantages(local.Values(obs, 1), Options.Gamma, Options.GaeLambda);
            var losses = A2c.A2c.Update(local, rollout, adv, ret, Options.NormalizeAdvantage, Options.EntCoef, Options.VfCoef, Options.MaxGradNorm);
            double lr = Options.LearningRateSchedule == LearningRateSchedule.Linear ? OnPolicy.Anneal(Options.LearningRate, Steps, totalSteps) : Options.LearningRate;
            if (Options.LockFree && _optimizerWarm) Apply(link, lr);
            else
            {
                lock (_update)
                {
                    Apply(link, lr);
                    _optimizerWarm = true;
                }
            }
            long updates = Interlocked.Increment(ref _updates);
            if (worker == 0 && updates % 20 == 0)
                lock (_report) losses.Record(metrics, Steps, lr);
        }
    }

    // Steps the shared optimiser with the worker's gradient and pulls the weights back. The worker hands its own
    // gradient tensors to the optimiser rather than setting the global parameters' gradients, which another worker
    // could overwrite before this one's step reads them.
    private void Apply(WorkerLink? link, double learningRate)
    {
        _optimizer.LearningRate = learningRate;
        if (link is null)
        {
            _optimizer.Step();
            return;
        }
        _optimizer.Step(link.Gradients());
        link.Pull();
    }

    /// <summary>A worker's local network tied to the global one: the parameters in the optimiser's order, and the copy pairs, matched once.</summary>
    private sealed class WorkerLink
    {
        private readonly Tensor[] _local;
        private readonly Tensor?[] _gradients;
        private readonly (Tensor Global, Tensor Local)[] _pull;

        public WorkerLink(ActorCriticPolicy global, ActorCriticPolicy local, Optimizer optimizer)
        {
            _pull = TargetUpdate.CopyPairs(global, local);
            var partner = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var (g, l) in _pull) partner.Add(g, l);
            _local = [.. optimizer.Parameters.Select(p => partner[p])];
            _gradients = new Tensor?[_local.Length];
        }

        public Tensor?[] Gradients()
        {
            for (int i = 0; i < _local.Length; i++) _gradients[i] = _local[i].Grad;
            return _gradients;
        }

        public void Pull() => TargetUpdate.Copy(_pull);
    }

    /// <summary>
    /// Writes the checkpoint. Locked updates wait for it; lock-free workers do not, so a checkpoint taken during a
    /// lock-free run may catch an update half applied, as any Hogwild reader can.
    /// </summary>
    public void Save(string path)
    {
        lock (_update)
        {
            TrainingCheckpoint.Save(path, Algorithm, [("policy", _global)], [("optimizer", _optimizer)],
                new Dictionary<string, long> { ["steps"] = Steps, ["updates"] = Interlocked.Read(ref _updates) }, _rng, new EnvironmentLog(_global.ActionSize), null);
        }
    }

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, _) = TrainingCheckpoint.Load(path, Algorithm, [("policy", _global)], [("optimizer", _optimizer)], _rng, new EnvironmentLog(_global.ActionSize), null);
        _steps = counters["steps"];
        _updates = counters["updates"];
        _optimizerWarm = false;
    }
}
