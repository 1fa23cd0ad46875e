namespace Skinner.Envs.Wrappers;

/// <summary>Saves, restores and freezes the statistics of every <see cref="IRunningStatistics"/> wrapper in a stack.</summary>
public static class RunningStatistics
{
    /// <summary>The statistics of every normalising wrapper around <paramref name="env"/>, by name.</summary>
    public static Dictionary<string, float[]> Collect(IEnv env)
    {
        var all = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var w in Find(env))
        {
            try
            {
                w.ExportStatistics(all);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException(
                    $"Two normalising wrappers use the statistics name '{w.StatisticsName}'; give one another name when you create it.", e);
            }
        }
        return all;
    }

    /// <summary>Restores what <see cref="Collect"/> returned into the same stack of wrappers.</summary>
    public static void Restore(IEnv env, IReadOnlyDictionary<string, float[]> statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        foreach (var w in Find(env)) w.ImportStatistics(statistics);
    }

    /// <summary>Stops (false) or resumes (true) the updates of every normalising wrapper around <paramref name="env"/>.</summary>
    public static void SetUpdating(IEnv env, bool update)
    {
        foreach (var w in Find(env)) w.UpdateStatistics = update;
    }

    private static List<IRunningStatistics> Find(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var found = new List<IRunningStatistics>();
        for (IEnv? e = env; e is not null; e = (e as Wrapper)?.Env)
            if (e is IRunningStatistics s) found.Add(s);
        return found;
    }
}
