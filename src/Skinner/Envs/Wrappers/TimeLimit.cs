namespace Skinner.Envs.Wrappers;

/// <summary>Truncates an episode after <see cref="MaxEpisodeSteps"/> steps, as Gymnasium's TimeLimit.</summary>
public sealed class TimeLimit : Wrapper
{
    private int _elapsed;

    /// <summary>Wraps <paramref name="env"/> with a limit of <paramref name="maxEpisodeSteps"/> steps.</summary>
    public TimeLimit(IEnv env, int maxEpisodeSteps)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The number of steps after which <c>Truncated</c> is set.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps => _elapsed;

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _elapsed = 0;
        return Env.Reset(seed, options);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        _elapsed++;
        // Field by field, for the reason given in OrderEnforcing.Step.
        return new StepResult(r.Observation, r.Reward, r.Terminated, r.Truncated | (_elapsed >= MaxEpisodeSteps), r.Info);
    }
}
