using Skinner.Envs.Rendering;

namespace Skinner.Envs;

/// <summary>Extra information returned by reset and step; null when there is none (the common case).</summary>
public sealed class Info : Dictionary<string, object>
{
}

/// <summary>What <see cref="IEnv.Reset"/> returns: the first observation and its info.</summary>
public readonly record struct ResetResult(float[] Observation, Info? Info);

/// <summary>
/// What <see cref="IEnv.Step"/> returns. <see cref="Terminated"/> means the MDP reached a terminal state
/// (do not bootstrap); <see cref="Truncated"/> means the episode was cut short, e.g. by a time limit
/// (bootstrap from <see cref="Observation"/>). Both can be true at once.
/// </summary>
public readonly record struct StepResult(float[] Observation, double Reward, bool Terminated, bool Truncated, Info? Info)
{
    /// <summary>True when the episode is over for either reason.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>
/// An environment with Gymnasium's semantics. Observations are fresh float arrays that the caller owns.
/// Actions are spans of floats: one element holding the index for a <see cref="Discrete"/> action space,
/// the action vector for a <see cref="Box"/>.
/// </summary>
public interface IEnv : IDisposable
{
    /// <summary>The space observations come from.</summary>
    Space ObservationSpace { get; }

    /// <summary>The space actions must come from.</summary>
    Space ActionSpace { get; }

    /// <summary>The registration this environment was made from, if any.</summary>
    EnvSpec? Spec { get; set; }

    /// <summary>Starts an episode. A seed re-seeds the environment's generator; null keeps its stream.</summary>
    ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Advances one step.</summary>
    StepResult Step(ReadOnlySpan<float> action);

    /// <summary>An RGB picture of the current state, or null if the environment cannot draw itself.</summary>
    Frame? Render();

    /// <summary>
    /// What <see cref="Render"/> would draw now, captured so that it can be drawn later on another thread (video
    /// recording draws on its encoder's thread); null if the environment cannot draw itself. Environments whose
    /// picture follows from a few numbers copy just those, which is nearly free; by default the frame is drawn now.
    /// </summary>
    PendingFrame? CaptureFrame() => PendingFrame.Of(Render());
}
