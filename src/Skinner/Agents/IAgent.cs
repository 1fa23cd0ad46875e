using Skinner.Agents.Common;

namespace Skinner.Agents;

/// <summary>
/// The one interface every algorithm shares: train, act, save and load. Everything else an algorithm
/// needs (buffers, noise, schedules, returns, evaluation) is a plain helper in <c>Skinner.Agents.Common</c>.
/// </summary>
public interface IAgent
{
    /// <summary>The algorithm's short name, as on the command line (<c>dqn</c>, <c>ddpg</c>, ...).</summary>
    string Algorithm { get; }

    /// <summary>Environment steps taken so far (across resumes).</summary>
    long Steps { get; }

    /// <summary>
    /// Trains until <see cref="Steps"/> reaches <paramref name="totalSteps"/>, or a callback returns false.
    /// Metrics go to <paramref name="metrics"/> under the fixed names of Skinner.Reporting.Logging.MetricNames.
    /// </summary>
    void Learn(long totalSteps, IReadOnlyList<Callback> callbacks, IMetricSink metrics);

    /// <summary>The action for one observation: greedy when <paramref name="deterministic"/>, else exploratory/stochastic.</summary>
    float[] Act(float[] observation, bool deterministic);

    /// <summary>Writes everything needed to resume exactly (networks, optimisers, counters, random state) atomically.</summary>
    void Save(string path);

    /// <summary>Restores a checkpoint written by <see cref="Save"/>; nothing is changed if it is invalid.</summary>
    void Load(string path);
}
