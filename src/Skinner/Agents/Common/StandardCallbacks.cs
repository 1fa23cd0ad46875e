using Skinner.Envs;
using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Common;

/// <summary>
/// Evaluates the agent every <see cref="EveryNSteps"/> steps on its own environment, records the mean,
/// saves the best checkpoint, and stops training once the mean reaches <see cref="StopAtReturn"/>.
/// </summary>
public sealed class EvalCallback(Func<IEnv> makeEnv, int everyNSteps, int episodes, long seed) : Callback
{
    private IEnv? _env;

    /// <summary>Steps between evaluations.</summary>
    public int EveryNSteps { get; } = everyNSteps > 0 ? everyNSteps : throw new ArgumentOutOfRangeException(nameof(everyNSteps));

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; } = episodes > 0 ? episodes : throw new ArgumentOutOfRangeException(nameof(episodes));

    /// <summary>Stop training when an evaluation's mean reaches this (e.g. the registered reward threshold).</summary>
    public double? StopAtReturn { get; init; }

    /// <summary>Where to save the agent when an evaluation beats the best so far; null for nowhere.</summary>
    public string? BestCheckpointPath { get; init; }

    /// <summary>Metrics go here.</summary>
    public IMetricSink Metrics { get; init; } = NullMetricSink.Instance;

    /// <summary>The best mean so far.</summary>
    public double BestMeanReturn { get; private set; } = double.NegativeInfinity;

    /// <summary>The last evaluation.</summary>
    public EvaluationResult? Last { get; private set; }

    /// <inheritdoc />
    public override bool OnStep(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Steps % EveryNSteps != 0) return true;
        _env ??= makeEnv();
        var agent = state.Agent;
        Last = Evaluation.Run(_env, o => agent.Act(o, deterministic: true), Episodes, seed);
        Metrics.Record(state.Steps, MetricNames.EvalMeanReturn, Last.MeanReturn);
        if (Last.MeanReturn > BestMeanReturn)
        {
            BestMeanReturn = Last.MeanReturn;
            if (BestCheckpointPath is not null) agent.Save(BestCheckpointPath);
        }
        return StopAtReturn is not double target || Last.MeanReturn < target;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingState state) => _env?.Dispose();
}

/// <summary>Saves a checkpoint every <paramref name="everyNSteps"/> steps and at the end of training.</summary>
public sealed class CheckpointCallback(string path, int everyNSteps) : Callback
{
    /// <inheritdoc />
    public override bool OnStep(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (everyNSteps > 0 && state.Steps % everyNSteps == 0) state.Agent.Save(path);
        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Agent.Save(path);
    }
}

/// <summary>Stops when the mean return of the last <paramref name="window"/> training episodes reaches <paramref name="threshold"/>.</summary>
public sealed class StopOnRewardThreshold(double threshold, int window = 100) : Callback
{
    private readonly Queue<double> _recent = new();
    private double _sum;

    /// <inheritdoc />
    public override void OnEpisodeEnd(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _recent.Enqueue(state.LastEpisodeReturn);
        _sum += state.LastEpisodeReturn;
        if (_recent.Count > window) _sum -= _recent.Dequeue();
    }

    /// <inheritdoc />
    public override bool OnStep(TrainingState state) => _recent.Count < window || _sum / _recent.Count < threshold;
}

/// <summary>
/// Stops once <see cref="MaxEpisodes"/> training episodes have ended, as Stable-Baselines3's
/// <c>StopTrainingOnMaxEpisodes</c>: for a budget counted in episodes rather than steps, as the reference documents
/// often give it (the DQN tutorial's 50 episodes). Episodes count from the start of the run this callback is handed
/// to (a resumed run counts anew); with several environments, the episodes of all of them count.
/// </summary>
public sealed class StopAfterEpisodes : Callback
{
    private long _episodes;

    /// <summary>Stops after <paramref name="maxEpisodes"/> episodes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEpisodes"/> is not positive.</exception>
    public StopAfterEpisodes(long maxEpisodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodes);
        MaxEpisodes = maxEpisodes;
    }

    /// <summary>The number of episodes after which training stops.</summary>
    public long MaxEpisodes { get; }

    /// <summary>Episodes ended so far in this run.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingState state) => _episodes = 0;

    /// <inheritdoc />
    public override void OnEpisodeEnd(TrainingState state) => Interlocked.Increment(ref _episodes);

    /// <inheritdoc />
    public override bool OnStep(TrainingState state) => Interlocked.Read(ref _episodes) < MaxEpisodes;
}
