using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;
using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Dqn;

/// <summary>
/// Deep Q-learning (Mnih et al. 2015) with experience replay and a target network, and the options that
/// grew around it: Double DQN, dueling heads, n-step returns and prioritised replay. Discrete actions.
/// Reads top to bottom: construction, acting, the training loop, one gradient step, checkpoints.
/// </summary>
public sealed class Dqn : IAgent
{
    private readonly IEnv _env;
    private readonly long _seed;
    private readonly int _obsSize;
    private readonly int _actions;
    private readonly QNetwork _q, _qTarget;
    private readonly Optimizer _optimizer;
    private readonly ReplayBuffer _buffer;
    private readonly NStepAccumulator _nStep;
    private readonly EnvironmentLog _log;
    private readonly Rng _rng;
    private long _gradientSteps, _episodes;
    private double _lossSum;
    private int _lossCount;

    /// <summary>Creates the agent for <paramref name="env"/> (the training environment, reset with <paramref name="seed"/>).</summary>
    public Dqn(IEnv env, DqnOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (env.ActionSpace is not Discrete discrete)
            throw new ArgumentException($"DQN needs a discrete action space; this environment's is {env.ActionSpace}. Use ddpg, td3 or sac for continuous actions.");
        _env = env;
        _seed = seed;
        Options = options;
        _obsSize = env.ObservationSpace.FlatSize;
        _actions = discrete.N;
        _rng = new Rng(unchecked((ulong)seed));
        var initRng = _rng.Fork();
        _q = new QNetwork(env.ObservationSpace.Shape, options, _actions, initRng);
        _qTarget = new QNetwork(env.ObservationSpace.Shape, options, _actions, initRng);
        TargetUpdate.HardCopy(_q, _qTarget);
        // Batch norm and dropout: the target always evaluates (running statistics, no dropout); the online
        // network trains in training mode and acts in evaluation mode.
        _qTarget.Eval();
        _optimizer = options.Optimizer switch
        {
            OptimizerKind.Adam => new Adam(_q.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Eps = options.OptimizerEps }),
            OptimizerKind.RmsProp => new RmsProp(_q.Parameters(), new RmsPropOptions { LearningRate = options.LearningRate, Alpha = options.RmsPropAlpha, Eps = options.OptimizerEps }),
            _ => new Sgd(_q.Parameters(), new SgdOptions { LearningRate = options.LearningRate }),
        };
        double nStepGamma = options.Gamma;
        _buffer = options.PrioritizedReplay
            ? new PrioritizedReplayBuffer(options.BufferSize, _obsSize, 1, nStepGamma, options.PrioritizedAlpha) { Beta = options.PrioritizedBeta }
            : new ReplayBuffer(options.BufferSize, _obsSize, 1, nStepGamma);
        _nStep = new NStepAccumulator(options.NStep, _obsSize, 1, options.Gamma);
        _log = new EnvironmentLog(1);
    }

    /// <summary>The hyperparameters.</summary>
    public DqnOptions Options { get; }

    /// <inheritdoc />
    public string Algorithm => "dqn";

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <summary>The online Q-network.</summary>
    public Layer QNetwork => _q;

    /// <summary>Epsilon at the current step and episode count, for a run of <paramref name="totalSteps"/>.</summary>
    public double Epsilon(long totalSteps) => Options.ExplorationSchedule switch
    {
        ExplorationSchedule.Linear => new LinearSchedule(Options.ExplorationInitialEps, Options.ExplorationFinalEps,
            (long)(Options.ExplorationFraction * totalSteps)).Value(Steps),
        ExplorationSchedule.Exponential => new ExponentialSchedule(Options.ExplorationInitialEps, Options.ExplorationFinalEps, Options.ExplorationDecay).Value(Steps),
        ExplorationSchedule.MultiplicativePerStep => new MultiplicativeSchedule(Options.ExplorationInitialEps, Options.ExplorationDecay, Options.ExplorationFinalEps).Value(Steps),
        _ => new MultiplicativeSchedule(Options.ExplorationInitialEps, Options.ExplorationDecay, Options.ExplorationFinalEps).Value(_episodes),
    };

    /// <inheritdoc />
    public float[] Act(float[] observation, bool deterministic) => [Greedy(observation)];

    private int Greedy(float[] observation)
    {
        if (_q.GreedyWithoutTensors(observation) is int action) return action;
        using var _ = Autograd.NoGrad();
        _q.Eval();
        var q = _q.Forward(new Tensor(observation, 1, _obsSize));
        return q.Argmax(1).Data[0];
    }

    /// <inheritdoc />
    public void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(metrics);
        var state = new TrainingState { Agent = this, Steps = Steps, Episodes = _episodes, TotalSteps = totalSteps };
        var episode = new EpisodeTracker(metrics, callbacks, state);

        // A fresh run resets with the seed; a resumed one replays its action log to the same state.
        float[] obs = _log.Count == 0
            ? _env.Reset(_seed).Observation
            : _log.Replay(_env, _seed, (o, a, r) =>
            {
                _nStep.Add(o, a, ShapedReward(r), r.Observation, r.Terminated, r.Done, static (_, _, _, _, _, _) => { });
                episode.Replayed(r.Reward, r.Done);
            });

        foreach (var c in callbacks) c.OnTrainingStart(state);
        var action = new float[1];
        bool keepGoing = true;
        while (Steps < totalSteps && keepGoing)
        {
            double epsilon = Epsilon(totalSteps);
            action[0] = _rng.NextDouble() < epsilon ? _rng.NextInt(_actions) : Greedy(obs);
            var result = _env.Step(action);
            _log.Add(action);
            Steps++;

            // Store the real next observation: on truncation it is the bootstrap state; on termination
            // the transition's discount is zero, so nothing is bootstrapped from it.
            _nStep.Add(obs, action, ShapedReward(result), result.Observation, result.Terminated, result.Done, StoreTransition);
            obs = result.Observation;
            episode.Step(Steps, result.Reward, result.Done);
            if (result.Done)
            {
                _episodes = state.Episodes;
                metrics.Record(Steps, MetricNames.Epsilon, epsilon);
                if (Options.TargetUpdateUnit == TargetUpdateUnit.Episodes && _episodes % Options.TargetUpdateInterval == 0) UpdateTarget();
                obs = _env.Reset().Observation;
            }

            if (Steps > Options.LearningStarts && Steps % Options.TrainFreq == 0)
            {
                if (_buffer is PrioritizedReplayBuffer per) per.Beta = Options.PrioritizedBeta + (1 - Options.PrioritizedBeta) * Math.Min(1.0, (double)Steps / totalSteps);
                for (int g = 0; g < Options.GradientSteps; g++) TrainStep(metrics);
            }
            if (Options.TargetUpdateUnit == TargetUpdateUnit.EnvSteps && Steps % Options.TargetUpdateInterval == 0) UpdateTarget();

            state.Steps = Steps;
            keepGoing = Callbacks.Step(callbacks, state);
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
    }

    private double ShapedReward(StepResult r) =>
        r.Terminated && !double.IsNaN(Options.TerminationReward) ? Options.TerminationReward : r.Reward;

    private void StoreTransition(ReadOnlySpan<float> o, ReadOnlySpan<float> a, double r, ReadOnlySpan<float> next, bool terminated, int steps) =>
        _buffer.Add(o, a, r, next, terminated, steps);

    private void UpdateTarget()
    {
        if (Options.Tau >= 1) TargetUpdate.HardCopy(_q, _qTarget);
        else TargetUpdate.Polyak(_q, _qTarget, Options.Tau);
    }

    /// <summary>One gradient step on a sampled minibatch.</summary>
    private void TrainStep(IMetricSink metrics)
    {
        int b = Options.BatchSize;
        var batch = _buffer.Sample(b, _rng);
        var obs = Networks.Batch(batch.Observations, b, _obsSize);
        var actions = new IntTensor(batch.Actions.AsSpan(0, b).ToArray().Select(a => (int)a).ToArray(), b, 1);

        // The target y = r + γ^k · Q_target(s', a*) (γ^k is zero after termination), under no-grad.
        Tensor target = null!, q = null!;
        void TargetValues()
        {
            using var _ = Autograd.NoGrad();
            var y = new float[b];
            // A plain MLP's largest target Q-values come without tensors, into buffers kept between steps (the same
            // numbers as the tensor path's Forward(next).Max(1)); other networks and Double DQN take the tensor path.
            if (Options.DoubleDqn || !_qTarget.MaxQValuesInto(batch.NextObservations.AsSpan(0, b * _obsSize), b, y))
            {
                var next = Networks.Batch(batch.NextObservations, b, _obsSize);
                var nextQ = _qTarget.Forward(next);
                Tensor nextValue;
                if (Options.DoubleDqn)
                {
                    _q.Eval();
                    nextValue = nextQ.Gather(1, _q.Forward(next).Argmax(1, keepDim: true));
                }
                else
                {
                    nextValue = nextQ.Max(1, keepDim: true).Values;
                }
                nextValue.Data.AsSpan(0, b).CopyTo(y);
            }
            for (int i = 0; i < b; i++) y[i] = batch.Rewards[i] + batch.Discounts[i] * y[i];
            target = new Tensor(y, b, 1);
        }

        void OnlineValues()
        {
            _q.Train();
            q = _q.Forward(obs).Gather(1, actions);
        }

        // Without Double DQN the target reads only the target network, so it runs beside the online forward pass
        // (on a helper thread when two are allowed); Double DQN's target needs the online network in evaluation mode.
        if (Options.DoubleDqn)
        {
            TargetValues();
            OnlineValues();
        }
        else
        {
            HelperThreads.Both(OnlineValues, TargetValues);
        }
        var diff = q - target;
        Tensor perSample = Options.Loss == TdLoss.Mse ? diff.Square() : HuberElementwise(diff, (float)Options.HuberDelta);
        Tensor loss = _buffer is PrioritizedReplayBuffer
            ? (perSample * new Tensor((float[])batch.Weights.Clone(), b, 1)).Mean()
            : perSample.Mean();

        _optimizer.ZeroGrad();
        loss.Backward();
        if (Options.ClipGradValue > 0) GradClip.ClipGradValue(_q.Parameters(), Options.ClipGradValue);
        if (Options.MaxGradNorm > 0) GradClip.ClipGradNorm(_q.Parameters(), Options.MaxGradNorm);
        _optimizer.Step();
        _gradientSteps++;

        if (_buffer is PrioritizedReplayBuffer prioritized) prioritized.UpdatePriorities(batch.Indices, diff.Data);
        if (Options.TargetUpdateUnit == TargetUpdateUnit.GradientSteps && _gradientSteps % Options.TargetUpdateInterval == 0) UpdateTarget();

        _lossSum += loss.Item();
        if (++_lossCount == 100)
        {
            metrics.Record(Steps, MetricNames.TdLoss, _lossSum / _lossCount);
            metrics.Record(Steps, MetricNames.QValues, q.Mean().Item());
            _lossSum = 0;
            _lossCount = 0;
        }
    }

    // Huber per element, composed from primitives: 0.5·min(|d|, δ)² + δ·(|d| - min(|d|, δ)).
    private static Tensor HuberElementwise(Tensor d, float delta)
    {
        var a = d.Abs();
        var quadratic = a.Clamp(max: delta);
        return 0.5f * quadratic.Square() + delta * (a - quadratic);
    }

    /// <inheritdoc />
    public void Save(string path) =>
        TrainingCheckpoint.Save(path, Algorithm, Modules, [("optimizer", _optimizer)],
            new Dictionary<string, long> { ["steps"] = Steps, ["episodes"] = _episodes, ["gradient_steps"] = _gradientSteps },
            _rng, _log, Options.SaveReplayBuffer ? _buffer : null);

    /// <inheritdoc />
    public void Load(string path)
    {
        var (counters, _) = TrainingCheckpoint.Load(path, Algorithm, Modules, [("optimizer", _optimizer)], _rng, _log, _buffer);
        Steps = counters["steps"];
        _episodes = counters["episodes"];
        _gradientSteps = counters["gradient_steps"];
    }

    private (string, Module)[] Modules => [("q", _q), ("q_target", _qTarget)];
}

/// <summary>
/// The Q-network: for image observations a convolution stack (5×5, stride 2, batch norm, ReLU), then an MLP
/// trunk (optionally with batch norm and dropout) and a linear head, or dueling value and advantage heads.
/// </summary>
internal sealed class QNetwork : Layer
{
    private readonly Sequential? _features;
    private readonly int[] _imageShape;
    private readonly Sequential? _trunk;
    private readonly Linear _head;
    private readonly Linear? _value;

    public QNetwork(int[] observationShape, DqnOptions options, int actions, Rng rng)
    {
        int width;
        if (options.Cnn)
        {
            if (observationShape.Length != 3)
                throw new ArgumentException($"Hyperparameter 'cnn' needs image observations [C, H, W]; this environment's are [{string.Join(", ", observationShape)}].");
            // [C, H, W] images: convolutions, then flatten.
            _imageShape = observationShape;
            var layers = new List<Layer>();
            int channels = observationShape[0], h = observationShape[1], w = observationShape[2];
            foreach (int c in options.ConvChannels)
            {
                var conv = new Conv2d(channels, c, kernelSize: 5, rng, stride: 2);
                layers.Add(conv);
                layers.Add(new BatchNorm2d(c));
                layers.Add(new ReLU());
                (channels, h, w) = (c, conv.OutputSize(h), conv.OutputSize(w));
                if (h <= 0 || w <= 0) throw new ArgumentException($"Hyperparameter 'conv_channels': {options.ConvChannels.Length} stride-2 5×5 convolutions shrink a {observationShape[1]}×{observationShape[2]} image to nothing; use fewer.");
            }
            _features = new Sequential([.. layers]);
            width = channels * h * w;
        }
        else
        {
            _imageShape = [];
            width = observationShape.Aggregate(1, (a, b) => a * b);
        }
        if (options.NetArch.Length > 0)
        {
            var layers = new List<Layer>();
            foreach (int hidden in options.NetArch)
            {
                layers.Add(new Linear(width, hidden, rng));
                if (options.BatchNorm) layers.Add(new BatchNorm1d(hidden));
                layers.Add(Networks.Make(options.Activation));
                if (options.Dropout > 0) layers.Add(new Dropout((float)options.Dropout, rng.Fork()));
                width = hidden;
            }
            _trunk = new Sequential([.. layers]);
        }
        _head = new Linear(width, actions, rng);
        _value = options.Dueling ? new Linear(width, 1, rng) : null;
        _inputSize = observationShape.Aggregate(1, (a, b) => a * b);
        _hidden = options.NetArch;
        bool plain = !options.Cnn && !options.BatchNorm && options.Dropout <= 0 && !options.Dueling;
        _actingActivation = plain ? Networks.Fused(options.Activation) : null;
    }

    // Acting without tensors: DQN picks an action on every environment step, from one observation, where the
    // network's arithmetic is a microsecond or two and the tensor ops around it (each a fresh array, a shape, a mode
    // walk) cost as much again. For an MLP of Linear layers each followed by ReLU or tanh, then the head, the same
    // kernels run on the same lengths into buffers kept between calls: the Q-values are Forward's bit for bit, and
    // so is their argmax. Images, batch norm, dropout and dueling heads take the tensor path (null here).
    private readonly Tensor.FusedActivation? _actingActivation;
    private readonly int[] _hidden;
    private readonly int _inputSize;
    private float[][]? _acting;
    private float[][]? _batch;   // the same for the batched target pass

    /// <summary>The greedy action for one observation computed without tensors, or null where only the tensor path applies.</summary>
    public int? GreedyWithoutTensors(float[] observation)
    {
        var buffers = QValuesInto(observation);
        if (buffers is null) return null;
        var q = buffers[^1];
        int action = Tensor.ArgMax(q, 0, q.Length, 1, out _);
        Volatile.Write(ref _acting, buffers);
        return action;
    }

    /// <summary>The Q-values of one observation computed without tensors (a copy), or null where only the tensor path applies.</summary>
    internal float[]? QValuesWithoutTensors(float[] observation)
    {
        var buffers = QValuesInto(observation);
        if (buffers is null) return null;
        var q = (float[])buffers[^1].Clone();
        Volatile.Write(ref _acting, buffers);
        return q;
    }

    // Fills the acting buffers (the last holds the Q-values); the caller puts them back when done with them.
    private float[][]? QValuesInto(float[] observation) =>
        observation.Length == _inputSize ? QValuesInto(observation, 1, ref _acting) : null;

    // The Q-values of `rows` observations into buffers taken from `kept` (made anew when missing or of another batch
    // size): one per hidden layer, then the Q-values, rows × width each. Taken for the length of a call, so that
    // concurrent callers never share one; null where only the tensor path applies.
    private float[][]? QValuesInto(ReadOnlySpan<float> observations, int rows, ref float[][]? kept)
    {
        if (_actingActivation is not { } activation) return null;
        int actions = _head.Weight.Shape[0];
        var buffers = Interlocked.Exchange(ref kept, null);
        if (buffers is null || buffers[^1].Length != rows * actions)
            buffers = [.. _hidden.Select(w => new float[rows * w]), new float[rows * actions]];
        var features = _trunk is null ? observations : Networks.TrunkInto(_trunk, activation, observations, rows, buffers.AsSpan(0, _hidden.Length));
        Tensor.AffineInto(features, rows, _head.Weight, _head.Bias, Tensor.FusedActivation.None, buffers[^1]);
        return buffers;
    }

    /// <summary>
    /// The largest Q-value of each of <paramref name="rows"/> observations into <paramref name="max"/>, computed without
    /// tensors into buffers kept between calls (the target network's pass on every gradient step): the values of
    /// <c>Forward(x).Max(1).Values</c> bit for bit. False where only the tensor path applies.
    /// </summary>
    internal bool MaxQValuesInto(ReadOnlySpan<float> observations, int rows, Span<float> max)
    {
        if (observations.Length != rows * _inputSize || max.Length != rows) return false;
        var buffers = QValuesInto(observations, rows, ref _batch);
        if (buffers is null) return false;
        var q = buffers[^1];
        int actions = q.Length / rows;
        for (int i = 0; i < rows; i++)
        {
            Tensor.ArgMax(q, i * actions, actions, 1, out float best);
            max[i] = best;
        }
        Volatile.Write(ref _batch, buffers);
        return true;
    }

    public override Tensor Forward(Tensor input)
    {
        var h = input;
        if (_features is not null) h = _features.Forward(h.Reshape(h.Shape[0], _imageShape[0], _imageShape[1], _imageShape[2])).Flatten();
        if (_trunk is not null) h = _trunk.Forward(h);
        var advantage = _head.Forward(h);
        if (_value is null) return advantage;
        // Subtracting the mean advantage makes V and A identifiable (Wang et al. 2016).
        return _value.Forward(h) + (advantage - advantage.Mean(1, keepDim: true));
    }

    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => Named(m => m.NamedParameters());

    public override IEnumerable<(string Name, Tensor Tensor)> NamedBuffers() => Named(m => m.NamedBuffers());

    public override IEnumerable<(string Name, Module Module)> Children()
    {
        if (_features is not null) yield return ("features", _features);
        if (_trunk is not null) yield return ("trunk", _trunk);
        yield return ("head", _head);
        if (_value is not null) yield return ("value", _value);
    }

    private IEnumerable<(string Name, Tensor Tensor)> Named(Func<Module, IEnumerable<(string, Tensor)>> of)
    {
        foreach (var (prefix, module) in Children())
            foreach (var (n, t) in of(module)) yield return (prefix + "." + n, t);
    }
}
