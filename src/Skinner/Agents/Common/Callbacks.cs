namespace Skinner.Agents.Common;

/// <summary>Where an agent's metrics go: <see cref="LoggerMetricSink"/> writes them to files, the tool's sink also keeps
/// the episode returns for its plots.</summary>
public interface IMetricSink
{
    /// <summary>Records <paramref name="value"/> for metric <paramref name="name"/> at environment step <paramref name="step"/>.</summary>
    void Record(long step, string name, double value);
}

/// <summary>A sink that drops everything (tests, evaluation).</summary>
public sealed class NullMetricSink : IMetricSink
{
    /// <summary>The shared instance.</summary>
    public static NullMetricSink Instance { get; } = new();

    /// <inheritdoc />
    public void Record(long step, string name, double value)
    {
    }
}

/// <summary>
/// Sends an agent's metrics to a <see cref="Reporting.Logging.MetricLogger"/>: <c>metrics.csv</c>, TensorBoard events
/// and whatever else the logger writes, under the names of <see cref="Reporting.Logging.MetricNames"/>. The logger
/// stays the caller's to dispose.
/// </summary>
public sealed class LoggerMetricSink(Reporting.Logging.MetricLogger logger) : IMetricSink
{
    private readonly Reporting.Logging.MetricLogger _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <inheritdoc />
    public void Record(long step, string name, double value) => _logger.Log(step, name, value);
}

/// <summary>What callbacks see of a run in progress.</summary>
public sealed class TrainingState
{
    /// <summary>The agent being trained.</summary>
    public required IAgent Agent { get; init; }

    /// <summary>Environment steps so far.</summary>
    public long Steps { get; set; }

    /// <summary>Episodes finished so far.</summary>
    public long Episodes { get; set; }

    /// <summary>The step count the run is heading for.</summary>
    public long TotalSteps { get; set; }

    /// <summary>Return of the episode that just finished (valid in <see cref="Callback.OnEpisodeEnd"/>).</summary>
    public double LastEpisodeReturn { get; set; }

    /// <summary>Length of the episode that just finished.</summary>
    public int LastEpisodeLength { get; set; }
}

/// <summary>
/// Hooks into training. <see cref="OnStep"/> returning false stops the run at the next safe point
/// (after the current step's update), which is also how Ctrl+C stops a run.
/// </summary>
public abstract class Callback
{
    /// <summary>Before the first step.</summary>
    public virtual void OnTrainingStart(TrainingState state)
    {
    }

    /// <summary>After every environment step (and its updates). Return false to stop.</summary>
    public virtual bool OnStep(TrainingState state) => true;

    /// <summary>After an episode ends (termination or truncation).</summary>
    public virtual void OnEpisodeEnd(TrainingState state)
    {
    }

    /// <summary>After the last step, also when stopped early.</summary>
    public virtual void OnTrainingEnd(TrainingState state)
    {
    }
}

/// <summary>Helpers agents use to drive a list of callbacks.</summary>
public static class Callbacks
{
    /// <summary>Calls every callback's OnStep (all of them, even after one says stop); false if any said stop.</summary>
    public static bool Step(IReadOnlyList<Callback> callbacks, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        bool go = true;
        foreach (var c in callbacks) go &= c.OnStep(state);
        return go;
    }

    /// <summary>Announces a finished episode to every callback.</summary>
    public static void EpisodeEnd(IReadOnlyList<Callback> callbacks, TrainingState state, double episodeReturn, int length)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        state.Episodes++;
        state.LastEpisodeReturn = episodeReturn;
        state.LastEpisodeLength = length;
        foreach (var c in callbacks) c.OnEpisodeEnd(state);
    }
}
