namespace Skinner.Envs;

/// <summary>
/// A registered environment: how to build it and the wrappers <see cref="Envs.Make"/> applies.
/// </summary>
/// <param name="Id">The id users pass to <c>Make</c>, e.g. <c>CartPole-v1</c>.</param>
/// <param name="Factory">Builds the bare environment.</param>
/// <param name="MaxEpisodeSteps">Time limit applied by a <c>TimeLimit</c> wrapper; null for none.</param>
/// <param name="RewardThreshold">The return at which the task counts as solved; null if none is defined.</param>
/// <param name="Description">One line for <c>skinner list envs</c>.</param>
public sealed record EnvSpec(
    string Id,
    Func<IEnv> Factory,
    int? MaxEpisodeSteps,
    double? RewardThreshold,
    string Description);
