namespace Skinner.Envs.Wrappers;

/// <summary>
/// The summary of one finished episode, as <see cref="RecordEpisodeStatistics"/> puts it under
/// <c>info["episode"]</c> (Gymnasium's <c>r</c>, <c>l</c> and <c>t</c>).
/// </summary>
/// <param name="Return">The undiscounted sum of the rewards.</param>
/// <param name="Length">The number of steps.</param>
/// <param name="Time">Wall-clock seconds from the reset to the last step.</param>
public readonly record struct EpisodeStatistics(double Return, int Length, double Time);
