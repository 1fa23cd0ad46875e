using MetricNames = Skinner.Reporting.Logging.MetricNames;
namespace Skinner.Agents.Common;

/// <summary>The parts of an actor-critic loss after an update, for the metric log.</summary>
public readonly record struct LossReport(double PolicyLoss, double ValueLoss, double Entropy)
{
    /// <summary>Records the losses and the learning rate at <paramref name="step"/>.</summary>
    public void Record(IMetricSink metrics, long step, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Record(step, MetricNames.PolicyLoss, PolicyLoss);
        metrics.Record(step, MetricNames.ValueLoss, ValueLoss);
        metrics.Record(step, MetricNames.Entropy, Entropy);
        metrics.Record(step, MetricNames.LearningRate, learningRate);
    }
}
