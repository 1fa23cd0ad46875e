using MetricNames = Skinner.Reporting.Logging.MetricNames;

namespace Skinner.Agents.Common;

/// <summary>
/// Keeps the running return and length of the training episode, and when one ends records the fixed
/// episode metrics and tells the callbacks. Shared bookkeeping, not control flow: each algorithm's loop
/// calls it where an episode ends.
/// </summary>
public sealed class EpisodeTracker(IMetricSink metrics, IReadOnlyList<Callback> callbacks, TrainingState state)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly long _startSteps = state.Steps;

    /// <summary>Return so far of the episode in progress.</summary>
    public double Return { get; private set; }

    /// <summary>Length so far of the episode in progress.</summary>
    public int Length { get; private set; }

    /// <summary>Adds a step of the episode being replayed from a checkpoint's action log (no metrics, no callbacks).</summary>
    public void Replayed(double reward, bool done)
    {
        (Return, Length) = done ? (0, 0) : (Return + reward, Length + 1);
    }

    /// <summary>Adds a training step; when <paramref name="done"/>, records the episode and starts the next.</summary>
    public void Step(long steps, double reward, bool done)
    {
        Return += reward;
        Length++;
        if (!done) return;
        metrics.Record(steps, MetricNames.EpisodicReturn, Return);
        metrics.Record(steps, MetricNames.EpisodicLength, Length);
        metrics.Record(steps, MetricNames.StepsPerSecond, (steps - _startSteps) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds));
        state.Steps = steps;
        Callbacks.EpisodeEnd(callbacks, state, Return, Length);
        Return = 0;
        Length = 0;
    }
}
