namespace Skinner.Envs.Wrappers;

/// <summary>
/// A wrapper that learns statistics while it runs (observation or reward normalisation). A checkpoint
/// saves them with <see cref="RunningStatistics.Collect"/> and puts them back with
/// <see cref="RunningStatistics.Restore"/>; evaluation freezes them with <see cref="UpdateStatistics"/>.
/// </summary>
public interface IRunningStatistics
{
    /// <summary>The prefix of this wrapper's statistic names, e.g. <c>obs_rms</c>.</summary>
    string StatisticsName { get; }

    /// <summary>Whether each step still updates the statistics; false freezes them (evaluation).</summary>
    bool UpdateStatistics { get; set; }

    /// <summary>Adds the statistics, as named float arrays, to <paramref name="into"/>.</summary>
    void ExportStatistics(IDictionary<string, float[]> into);

    /// <summary>Restores the statistics from named float arrays; a missing or mis-sized array is an error.</summary>
    void ImportStatistics(IReadOnlyDictionary<string, float[]> from);
}
