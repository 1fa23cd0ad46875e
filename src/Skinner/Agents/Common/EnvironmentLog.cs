using Skinner.Envs;

namespace Skinner.Agents.Common;

/// <summary>
/// The actions a training run has sent to its environment since the seeded first reset. Replaying them
/// on a fresh environment made the same way reproduces the environment's exact state, its random stream
/// and its wrappers' counters included, without any environment-specific serialisation: this is how a
/// checkpoint resumes in the middle of an episode.
/// </summary>
public sealed class EnvironmentLog
{
    private float[] _actions = new float[1024];
    private long _count;

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Creates an empty log.</summary>
    public EnvironmentLog(int actionSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionSize);
        ActionSize = actionSize;
    }

    /// <summary>Number of actions recorded.</summary>
    public long Count => _count;

    /// <summary>Records an action.</summary>
    public void Add(ReadOnlySpan<float> action)
    {
        long need = (_count + 1) * ActionSize;
        if (need > _actions.Length) Array.Resize(ref _actions, (int)Math.Min(Array.MaxLength, Math.Max(need, 2L * _actions.Length)));
        action.CopyTo(_actions.AsSpan((int)(_count * ActionSize), ActionSize));
        _count++;
    }

    /// <summary>The recorded actions, flat (for a checkpoint).</summary>
    public float[] ToArray() => _actions.AsSpan(0, (int)(_count * ActionSize)).ToArray();

    /// <summary>Replaces the log with saved actions.</summary>
    public void Restore(float[] actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Length % ActionSize != 0) throw new ArgumentException($"A saved action log of {actions.Length} floats does not split into actions of {ActionSize}.");
        _actions = actions.Length == 0 ? new float[1024] : (float[])actions.Clone();
        _count = actions.Length / ActionSize;
    }

    /// <summary>
    /// Resets <paramref name="env"/> with <paramref name="seed"/> and replays every action, resetting (without
    /// a seed) whenever an episode ended, exactly as a training loop does. Each step is reported to
    /// <paramref name="onStep"/> (observation before, action, result). Returns the observation to act on next.
    /// </summary>
    public float[] Replay(IEnv env, long seed, Action<float[], float[], StepResult>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        var obs = env.Reset(seed).Observation;
        for (long t = 0; t < _count; t++)
        {
            var action = _actions.AsSpan((int)(t * ActionSize), ActionSize).ToArray();
            var result = env.Step(action);
            onStep?.Invoke(obs, action, result);
            obs = result.Done ? env.Reset().Observation : result.Observation;
        }
        return obs;
    }
}
