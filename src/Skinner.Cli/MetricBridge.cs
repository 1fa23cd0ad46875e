using Skinner.Agents.Common;
using Skinner.Reporting.Logging;

namespace Skinner.Cli;

/// <summary>Connects an agent's metrics to the run's logger, and keeps the episode returns for the learning curve.</summary>
public sealed class MetricBridge(MetricLogger logger) : Agents.Common.IMetricSink
{
    /// <summary>(step, return) of every training episode, in order.</summary>
    public List<(long Step, double Return)> Episodes { get; } = [];

    /// <inheritdoc />
    public void Record(long step, string name, double value)
    {
        logger.Log(step, name, value);
        if (name == MetricNames.EpisodicReturn) Episodes.Add((step, value));
    }
}
