namespace Skinner.Agents.Common;

/// <summary>
/// One on-policy rollout of T steps from N environments, time-major (row <c>t·N + n</c>): the observations the
/// policy saw, its actions, their log-probabilities and values, and what the environments answered.
/// </summary>
public sealed class Rollout
{
    private readonly int _obsSize, _actionSize;

    /// <summary>Storage for <paramref name="steps"/> × <paramref name="envs"/> transitions.</summary>
    public Rollout(int steps, int envs, int observationSize, int actionSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(envs);
        Steps = steps;
        Envs = envs;
        _obsSize = observationSize;
        _actionSize = actionSize;
        int rows = steps * envs;
        Observations = new float[rows * observationSize];
        Actions = new float[rows * actionSize];
        LogProbs = new float[rows];
        Values = new float[rows];
        Rewards = new float[rows];
        Terminated = new bool[rows];
        Truncated = new bool[rows];
        TruncationValues = new float[rows];
    }

    /// <summary>Steps per environment (T).</summary>
    public int Steps { get; }

    /// <summary>Environments (N).</summary>
    public int Envs { get; }

    /// <summary>T × N.</summary>
    public int Rows => Steps * Envs;

    /// <summary>Observations, one row per transition.</summary>
    public float[] Observations { get; }

    /// <summary>Actions as the policy drew them (unclipped), one row per transition.</summary>
    public float[] Actions { get; }

    /// <summary>log π(a|s) when the action was drawn.</summary>
    public float[] LogProbs { get; }

    /// <summary>V(s) when the action was drawn.</summary>
    public float[] Values { get; }

    /// <summary>Rewards (after any normalisation).</summary>
    public float[] Rewards { get; }

    /// <summary>Whether the step reached a terminal state.</summary>
    public bool[] Terminated { get; }

    /// <summary>Whether the step's episode was cut short.</summary>
    public bool[] Truncated { get; }

    /// <summary>The value of the final observation where truncated (the bootstrap), else 0.</summary>
    public float[] TruncationValues { get; }

    /// <summary>Stores step <paramref name="t"/> of every environment.</summary>
    public void Add(int t, ReadOnlySpan<float> observations, PolicyStep step, ReadOnlySpan<float> rewards,
        ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, ReadOnlySpan<float> truncationValues)
    {
        int n = Envs;
        observations[..(n * _obsSize)].CopyTo(Observations.AsSpan(t * n * _obsSize));
        step.Actions.AsSpan(0, n * _actionSize).CopyTo(Actions.AsSpan(t * n * _actionSize));
        step.LogProbs.AsSpan(0, n).CopyTo(LogProbs.AsSpan(t * n));
        step.Values.AsSpan(0, n).CopyTo(Values.AsSpan(t * n));
        rewards[..n].CopyTo(Rewards.AsSpan(t * n));
        terminated[..n].CopyTo(Terminated.AsSpan(t * n));
        truncated[..n].CopyTo(Truncated.AsSpan(t * n));
        truncationValues[..n].CopyTo(TruncationValues.AsSpan(t * n));
    }

    /// <summary>GAE advantages and returns (λ = 1: n-step returns minus values), bootstrapped from <paramref name="lastValues"/>.</summary>
    public (float[] Advantages, float[] Returns) Advantages(float[] lastValues, double gamma, double lambda) =>
        Common.Returns.Gae(Rewards, Values, Terminated, Truncated, TruncationValues, lastValues, Envs, gamma, lambda);
}
