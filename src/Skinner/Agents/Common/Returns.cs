namespace Skinner.Agents.Common;

/// <summary>Returns and advantages computed from recorded rewards: the arithmetic of policy-gradient methods.</summary>
public static class Returns
{
    /// <summary>Monte-Carlo discounted returns of one episode: <c>G_t = r_t + γ G_{t+1}</c>, <c>G_T = 0</c>.</summary>
    public static float[] Discounted(ReadOnlySpan<float> rewards, double gamma)
    {
        var g = new float[rewards.Length];
        double acc = 0;
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            acc = rewards[t] + gamma * acc;
            g[t] = (float)acc;
        }
        return g;
    }

    /// <summary>
    /// n-step returns over a rollout of T steps for N environments (arrays are time-major, T × N):
    /// <c>R_t = r_t + γ(1 - term_t)R_{t+1}</c>, starting from <paramref name="lastValues"/>. At a
    /// truncation the episode's final observation's value <paramref name="truncationValues"/>[t, n] is the
    /// bootstrap instead of the next step (which belongs to a new episode); at a termination nothing is.
    /// </summary>
    public static float[] NStep(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> truncationValues, ReadOnlySpan<float> lastValues, int envs, double gamma)
    {
        int steps = Check(rewards.Length, terminated.Length, truncated.Length, truncationValues.Length, lastValues.Length, envs);
        var ret = new float[rewards.Length];
        for (int n = 0; n < envs; n++)
        {
            double acc = lastValues[n];
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * envs + n;
                if (terminated[i]) acc = 0;
                else if (truncated[i]) acc = truncationValues[i];
                acc = rewards[i] + gamma * acc;
                ret[i] = (float)acc;
            }
        }
        return ret;
    }

    /// <summary>
    /// Generalised advantage estimation (Schulman et al. 2016) over a T × N rollout:
    /// <c>δ_t = r_t + γ V(s_{t+1}) - V(s_t)</c>, <c>A_t = δ_t + γλ A_{t+1}</c>, the recursion cut at every episode end.
    /// <paramref name="values"/> are V(s_t); the next state's value is <paramref name="values"/>[t+1] inside
    /// the rollout, <paramref name="lastValues"/> after it, <paramref name="truncationValues"/>[t] (the value of
    /// the real final observation) at a truncation, and 0 at a termination. Returns (advantages, returns = A + V).
    /// </summary>
    public static (float[] Advantages, float[] Returns) Gae(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values,
        ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, ReadOnlySpan<float> truncationValues,
        ReadOnlySpan<float> lastValues, int envs, double gamma, double lambda)
    {
        int steps = Check(rewards.Length, terminated.Length, truncated.Length, truncationValues.Length, lastValues.Length, envs);
        if (values.Length != rewards.Length) throw new ArgumentException("values must have one entry per reward.");
        var adv = new float[rewards.Length];
        var ret = new float[rewards.Length];
        for (int n = 0; n < envs; n++)
        {
            double next = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * envs + n;
                double nextValue;
                bool cut = terminated[i] || truncated[i];
                if (terminated[i]) nextValue = 0;
                else if (truncated[i]) nextValue = truncationValues[i];
                else nextValue = t == steps - 1 ? lastValues[n] : values[i + envs];
                if (cut) next = 0;
                double delta = rewards[i] + gamma * nextValue - values[i];
                next = delta + gamma * lambda * next;
                adv[i] = (float)next;
                ret[i] = (float)(next + values[i]);
            }
        }
        return (adv, ret);
    }

    private static int Check(int rewards, int terminated, int truncated, int truncValues, int last, int envs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(envs);
        if (rewards % envs != 0) throw new ArgumentException($"{rewards} rewards do not split into {envs} environments.");
        if (terminated != rewards || truncated != rewards || truncValues != rewards)
            throw new ArgumentException("rewards, terminated, truncated and truncationValues must have the same length (T × N).");
        if (last != envs) throw new ArgumentException($"lastValues needs one value per environment ({envs}); got {last}.");
        return rewards / envs;
    }
}
