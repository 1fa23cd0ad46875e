namespace Skinner.Envs.Vector;

/// <summary>Builds vector environments from registered ids.</summary>
public static class VectorEnvs
{
    /// <summary>
    /// <paramref name="numEnvs"/> copies of the registered environment <paramref name="id"/>, each as
    /// <see cref="Envs.Make"/> builds it. One thread gives a <see cref="SyncVectorEnv"/>, more a
    /// <see cref="ThreadedVectorEnv"/>; <paramref name="wrap"/>, when given, wraps each copy (e.g. with
    /// <c>RecordEpisodeStatistics</c>). With one thread and no wrapper, CartPole gets the specialised
    /// <see cref="CartPoleVectorEnv"/>, which produces the same numbers much faster.
    /// </summary>
    public static IVectorEnv Make(string id, int numEnvs, int numThreads = 1, AutoresetMode autoresetMode = AutoresetMode.NextStep, Func<IEnv, IEnv>? wrap = null)
    {
        var spec = Envs.Spec(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numThreads);
        if (numThreads == 1 && wrap is null && IsSpecialised(spec.Id))
            return new CartPoleVectorEnv(numEnvs, spec.MaxEpisodeSteps, autoresetMode);
        Func<IEnv> factory = wrap is null ? () => Envs.Make(spec.Id) : () => wrap(Envs.Make(spec.Id));
        return numThreads == 1
            ? new SyncVectorEnv(factory, numEnvs, autoresetMode)
            : new ThreadedVectorEnv(factory, numEnvs, numThreads, autoresetMode);
    }

    /// <summary>Whether <see cref="Make"/> has a specialised vector environment for <paramref name="id"/>.</summary>
    public static bool IsSpecialised(string id) => CartPoleVectorEnv.Supports(id);

    internal static Func<IEnv>[] Repeat(Func<IEnv> factory, int numEnvs)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        return Enumerable.Repeat(factory, numEnvs).ToArray();
    }
}
