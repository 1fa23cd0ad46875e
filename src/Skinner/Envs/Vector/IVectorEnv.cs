namespace Skinner.Envs.Vector;

/// <summary>
/// <see cref="NumEnvs"/> copies of an environment stepped together. Results live in buffers owned by the
/// vector environment and overwritten by every <see cref="Reset"/> and <see cref="Step"/>: copy what you
/// keep. Row <c>i</c> of <see cref="Observations"/> is <c>[i * ObservationSize, (i + 1) * ObservationSize)</c>.
/// </summary>
public interface IVectorEnv : IDisposable
{
    /// <summary>How many environments step together.</summary>
    int NumEnvs { get; }

    /// <summary>The observation space of one environment.</summary>
    Space SingleObservationSpace { get; }

    /// <summary>The action space of one environment.</summary>
    Space SingleActionSpace { get; }

    /// <summary>Floats per observation row (<c>SingleObservationSpace.FlatSize</c>).</summary>
    int ObservationSize { get; }

    /// <summary>Floats per action row (<c>SingleActionSpace.FlatSize</c>; 1, the index, for Discrete).</summary>
    int ActionSize { get; }

    /// <summary>When finished episodes are reset.</summary>
    AutoresetMode AutoresetMode { get; }

    /// <summary>The current observations, <c>NumEnvs × ObservationSize</c>, row-major.</summary>
    float[] Observations { get; }

    /// <summary>The rewards of the last step.</summary>
    double[] Rewards { get; }

    /// <summary>Whether each environment reached a terminal state on the last step (do not bootstrap).</summary>
    bool[] Terminated { get; }

    /// <summary>Whether each environment's episode was cut short on the last step (bootstrap from the final observation).</summary>
    bool[] Truncated { get; }

    /// <summary>
    /// Row <c>i</c> holds the last observation of the episode that environment <c>i</c> finished on the last
    /// step (valid where <c>Terminated[i] || Truncated[i]</c>), in both modes: with
    /// <see cref="AutoresetMode.SameStep"/> <see cref="Observations"/> already holds the next episode's first
    /// observation; with <see cref="AutoresetMode.NextStep"/> the two rows are equal.
    /// </summary>
    float[] FinalObservations { get; }

    /// <summary>
    /// With <see cref="AutoresetMode.NextStep"/>: true for each environment that the last step reset instead
    /// of stepping (its action was ignored; the row is the start of an episode, not a transition). Always
    /// false with <see cref="AutoresetMode.SameStep"/>.
    /// </summary>
    bool[] Autoreset { get; }

    /// <summary>
    /// The info each environment returned on the last call (null when none). On an automatic reset in
    /// next-step mode it is the reset's info; in same-step mode it is the ending step's info, with the
    /// reset's info, when there is one, under the key <c>reset_info</c>.
    /// </summary>
    Info?[] Infos { get; }

    /// <summary>Resets every environment; with a seed, environment <c>i</c> gets <c>seed + i</c>.</summary>
    void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Steps every environment; <paramref name="actions"/> holds <c>NumEnvs × ActionSize</c> floats, row-major.</summary>
    void Step(ReadOnlySpan<float> actions);
}
