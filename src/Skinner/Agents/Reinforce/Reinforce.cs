using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Agents.Reinforce;

/// <summary>The policy REINFORCE trains.</summary>
public enum ReinforcePolicy
{
    /// <summary>A neural network: categorical over discrete actions, Gaussian over continuous ones, trained with Adam.</summary>
    Mlp,

    /// <summary>The reference document's linear logistic policy over two actions, plain gradient ascent with step <c>learning_rate</c>.</summary>
    Logistic,
}

/// <summary>What REINFORCE subtracts from the returns.</summary>
public enum ReinforceBaseline
{
    /// <summary>Nothing: the weights are the discounted returns.</summary>
    None,

    /// <summary>The mean of all returns seen before the update.</summary>
    RunningMean,

    /// <summary>A learned state value V(s) (network policies only).</summary>
    Value,
}

/// <summary>Hyperparameters of REINFORCE.</summary>
public sealed record ReinforceOptions
{
    /// <summary>The policy: a network, or the linear logistic policy of the reference document.</summary>
    public ReinforcePolicy Policy { get; init; } = ReinforcePolicy.Mlp;

    /// <summary>Adam's step size (network), or α of plain gradient ascent (logistic).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor of the Monte-Carlo returns.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>What to subtract from the returns.</summary>
    public ReinforceBaseline Baseline { get; init; } = ReinforceBaseline.None;

    /// <summary>Normalise the weights of each update to mean 0 and standard deviation 1.</summary>
    public bool NormalizeReturns { get; init; }

    /// <summary>Whole episodes per update.</summary>
    public int EpisodesPerUpdate { get; init; } = 1;

    /// <summary>Stop after this many training episodes (0: only the step budget stops training).</summary>
    public int MaxEpisodes { get; init; }

    /// <summary>Weight of the entropy bonus (network policies).</summary>
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss of the learned baseline.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Largest global gradient norm (0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; }

    /// <summary>Hidden layer sizes of the network policy.</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        HyperparameterChecks.Require(LearningRate > 0, "learning_rate", "must be positive");
        HyperparameterChecks.Require(Gamma is >= 0 and <= 1, "gamma", "must lie in [0, 1]");
        HyperparameterChecks.Require(EpisodesPerUpdate > 0, "episodes_per_update", "must be positive");
        HyperparameterChecks.Require(MaxEpisodes >= 0, "max_episodes", "must be zero (no limit) or positive");
        HyperparameterChecks.Require(EntCoef >= 0, "ent_coef", "must be zero or more");
        HyperparameterChecks.Require(VfCoef >= 0, "vf_coef", "must be zero or more");
        HyperparameterChecks.Require(MaxGradNorm >= 0, "max_grad_norm", "must be zero (off) or positive");
        HyperparameterChecks.Require(NetArch.Length > 0 && NetArch.All(h => h > 0), "net_arch", "needs at least one positive layer size");
        HyperparameterChecks.Require(Policy != ReinforcePolicy.Logistic || Baseline != ReinforceBaseline.Value, "baseline",
            "cannot be 'value' with the logistic policy, which has no value function; use none or running_mean");
    }
}

/// <summary>
/// REINFORCE (Williams 1992): run whole episodes, weight each step's score <c>∇ log π(a_t|s_t)</c> by the
/// discounted return from that step (minus a baseline), and ascend. With <c>policy: logistic</c> it is the
/// reference document's linear logistic policy and its closed-form update.
/// <para>
/// Checkpoints hold the policy, optimiser, counters and random state; a resumed run starts a fresh episode.
/// </para>
/// </summary>
public sealed class Reinforce : IAgent
{
    private readonly IEnv _env;
    private readonly long _seed;
    private readonly ActorCriticPolicy? _network;
    private readonly LogisticPolicy? _logistic;
    private readonly Adam? _optimizer;
    private readonly Rng _rng;
    private readonly int _obsSize;
    private double _returnSum;
    private long _returnCount, _episodes;

    /// <summary>Creates the agent for <paramref name="env"/>.</summary>
    public Reinforce(IEnv env, ReinforceOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _env = env;
        _seed = seed;
        Options = options;
        _obsSize = env.ObservationSpace.FlatSize;
        _rng = new Rng(unchecked((ulong)seed));
        var init = _rng.Fork();
        if (options.Policy == ReinforcePolicy.Logistic)
        {
            if (env.ActionSpace is not Discrete { N: 2 })
                throw new ArgumentException($"The logistic policy chooses between two actions; this environment's action space is {env.ActionSpace}. Use policy: mlp.");
            _logistic = new LogisticPolicy(_obsSize, init);
        }
        else
        {
            var architecture = new PolicyArchitecture { NetArch = options.NetArch, Activation = options.Activation, OrthoInit = false };
            _network = new ActorCriticPolicy(env.ObservationSpace, env.ActionSpace, architecture, init);
            _optimizer = new Adam(_network.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        }
    }

    /// <summary>The hyperparameters.</summary>
    public ReinforceOptions Options { get; }

    /// <summary>The logistic policy, when that is the policy.</summary>
    public LogisticPolicy? Logistic => _logistic;

    /// <summary>The network policy, when that is the policy.</summary>
    public ActorCriticPolicy? Network => _network;

    /// <inheritdoc />
    public string Algorithm => "reinforce";

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (_logistic is not null) return [_logistic.Act(observation, _rng, deterministic)];
        return _network!.ToEnv(_network.Step(observation, 1, _rng, deterministic).Actions);
    }

    /// <inheritdoc />
    public void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(metrics);
        var state = new TrainingState { Agent = this, Steps = Steps, TotalSteps = totalSteps, Episodes = _episodes };
        var tracker = new EpisodeTracker(metrics, callbacks, state);
        var batch = new EpisodeBatch(_obsSize);
        float[] obs = _env.Reset(_seed + Steps).Observation;
        foreach (var c in callbacks) c.OnTrainingStart(state);
        bool keepGoing = true;
        while (Steps < totalSteps && keepGoing && (Options.MaxEpisodes == 0 || _episodes < Options.MaxEpisodes))
        {
            // The network's Gaussian sample is kept unclipped for its log-probability; the environment gets it clipped.
            float[] action = _logistic is not null ? [_logistic.Act(obs, _rng, deterministic: false)] : _network!.Step(obs, 1, _rng, deterministic: false).Actions;
            var result = _env.Step(_network is null ? action : _network.ToEnv(action));
            Steps++;
            batch.Add(obs, action, (float)result.Reward);
            tracker.Step(Steps, result.Reward, result.Done);
            if (result.Done)
            {
                // Monte-Carlo returns end with the episode; a truncated one continues past the time limit,
                // which a learned value can stand in for.
                float tail = result.Truncated && !result.Terminated && Options.Baseline == ReinforceBaseline.Value
                    ? _network!.Values(result.Observation, 1)[0] : 0f;
                batch.EndEpisode(Options.Gamma, tail);
                _episodes++;
                if (batch.Episodes == Options.EpisodesPerUpdate)
                {
                    Update(batch, metrics);
                    batch = new EpisodeBatch(_obsSize);
                }
                obs = _env.Reset().Observation;
            }
            else obs = result.Observation;
            state.Steps = Steps;
            keepGoing = Callbacks.Step(callbacks, state);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    private void Update(EpisodeBatch batch, IMetricSink metrics)
    {
        int rows = batch.Rows;
        var returns = batch.Returns.ToArray();
        var weights = (float[])returns.Clone();
        if (Options.Baseline == ReinforceBaseline.RunningMean)
        {
            // The mean of earlier returns only, so that the baseline does not depend on this batch's actions.
            float b = _returnCount == 0 ? 0f : (float)(_returnSum / _returnCount);
            for (int i = 0; i < rows; i++) weights[i] -= b;
            foreach (float g in returns) _returnSum += g;
            _returnCount += rows;
        }
        var obs = batch.Observations.ToArray();
        if (_logistic is not null)
        {
            if (Options.NormalizeReturns) OnPolicy.Normalize(weights);
            var actions = batch.Actions.Select(a => (int)a).ToArray();
            _logistic.Update(obs, actions, weights, Options.LearningRate);
            return;
        }
        var x = new Tensor(obs, rows, _obsSize);
        var (logProb, entropy, value) = _network!.Evaluate(x, batch.Actions.ToArray());
        Tensor? valueLoss = null;
        if (Options.Baseline == ReinforceBaseline.Value)
        {
            for (int i = 0; i < rows; i++) weights[i] -= value.Data[i];
            valueLoss = (value.Reshape(rows) - new Tensor(returns, rows)).Square().Mean();
        }
        if (Options.NormalizeReturns) OnPolicy.Normalize(weights);
        var policyLoss = -(new Tensor(weights, rows) * logProb).Mean();
        var loss = policyLoss - (float)Options.EntCoef * entropy.Mean();
        if (valueLoss is not null) loss += (float)Options.VfCoef * valueLoss;
        _optimizer!.ZeroGrad();
        loss.Backward();
        if (Options.MaxGradNorm > 0) GradClip.ClipGradNorm(_optimizer.Parameters, Options.MaxGradNorm);
        _optimizer.Step();
        new LossReport(policyLoss.Item(), valueLoss?.Item() ?? 0, entropy.Mean().Item()).Record(metrics, Steps, _optimizer.LearningRate);
    }

    /// <inheritdoc />
    public void Save(string path) =>
        TrainingCheckpoint.Save(path, Algorithm, Modules, Optimizers, Counters, _rng, new EnvironmentLog(1), null);

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, _) = TrainingCheckpoint.Load(path, Algorithm, Modules, Optimizers, _rng, new EnvironmentLog(1), null);
        Steps = counters["steps"];
        _episodes = counters["episodes"];
        _returnCount = counters["return_count"];
        _returnSum = BitConverter.Int64BitsToDouble(counters["return_sum_bits"]);
    }

    private Dictionary<string, long> Counters => new()
    {
        ["steps"] = Steps, ["episodes"] = _episodes, ["return_count"] = _returnCount,
        ["return_sum_bits"] = BitConverter.DoubleToInt64Bits(_returnSum),
    };

    private (string, Module)[] Modules => _logistic is not null ? [("policy", _logistic)] : [("policy", _network!)];

    private (string, Optimizer)[] Optimizers => _optimizer is null ? [] : [("optimizer", _optimizer)];

    /// <summary>Whole episodes waiting for an update: observations, actions, rewards and their returns.</summary>
    private sealed class EpisodeBatch(int observationSize)
    {
        private readonly List<float> _rewards = [];

        public List<float> Observations { get; } = [];

        public List<float> Actions { get; } = [];

        public List<float> Returns { get; } = [];

        public int Episodes { get; private set; }

        public int Rows => Returns.Count;

        public void Add(float[] observation, float[] action, float reward)
        {
            Observations.AddRange(observation.AsSpan(0, observationSize));
            Actions.AddRange(action);
            _rewards.Add(reward);
        }

        public void EndEpisode(double gamma, float tail)
        {
            var rewards = _rewards.ToArray();
            // The value of the state after a truncation enters as a last, discounted reward.
            var g = Common.Returns.Discounted(rewards, gamma);
            if (tail != 0)
            {
                double d = gamma;
                for (int t = g.Length - 1; t >= 0; t--, d *= gamma) g[t] += (float)(d * tail);
            }
            Returns.AddRange(g);
            _rewards.Clear();
            Episodes++;
        }
    }
}
