using System.Globalization;

namespace Skinner.Cli;

/// <summary>
/// Resolves a run's settings, each layer over the one before: the algorithm's defaults, the tuned
/// settings in configs/ALGO.yaml for the environment, a preset, a --config file, --set pairs, --steps and
/// --max-episodes.
/// </summary>
public static class Resolve
{
    // The run's budgets, keys beside the hyperparameters that are not options of the algorithm: environment steps,
    // and training episodes (counted from the start of each invocation, as StopAfterEpisodes counts them).
    private const string StepsKey = "n_timesteps";
    private const string EpisodesKey = "n_episodes";

    /// <summary>The run's configuration.</summary>
    public static RunConfig Run(string? algoName, string? envId, string? presetName, string? configPath,
        IReadOnlyList<string> sets, long? steps, long seed, long? maxEpisodes = null)
    {
        Preset? preset = null;
        if (presetName is not null)
        {
            if (!Catalog.Presets.TryGetValue(presetName, out preset))
                throw new UsageException($"Unknown preset '{presetName}'. `skinner list presets` shows them: {string.Join(", ", Catalog.Presets.Keys)}.");
            if (algoName is not null && !string.Equals(algoName, preset.Algorithm, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"Preset '{presetName}' trains {preset.Algorithm}, not {algoName}; drop the algorithm or the preset.");
            if (envId is not null && envId != preset.Env)
                throw new UsageException($"Preset '{presetName}' runs on {preset.Env}, not {envId}; drop the environment or the preset.");
        }
        string? fileAlgo = null, fileEnv = null;
        List<KeyValuePair<string, string>> fileValues = [];
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) throw new UsageException($"Config file '{configPath}' does not exist.");
            var root = ConfigFiles.Parse(File.ReadAllText(configPath), configPath);
            var hyper = ConfigFiles.Section(root, "hyperparams");
            var top = ConfigFiles.TopScalars(root, configPath);
            fileAlgo = top.GetValueOrDefault("algo");
            fileEnv = top.GetValueOrDefault("env");
            string[] meta = ["algo", "env", "seed", "skinner_version", "preset"];
            fileValues = [.. top.Where(kv => !meta.Contains(kv.Key)), .. hyper is null ? [] : ConfigFiles.Scalars(hyper, configPath)];
        }

        string algo = algoName ?? preset?.Algorithm ?? fileAlgo ?? throw new UsageException("Name an algorithm: `skinner train ALGO ENV` (see `skinner list algos`).");
        string env = envId ?? preset?.Env ?? fileEnv ?? throw new UsageException($"Name an environment: `skinner train {algo} ENV` (see `skinner list envs`).");
        var entry = Catalog.Algorithm(algo);
        _ = global::Skinner.Envs.Envs.Spec(env);

        object options = entry.Defaults;
        var budget = new Budget();
        if (ConfigFiles.Embedded(entry.Name + ".yaml") is { } tuned && ConfigFiles.Section(ConfigFiles.Parse(tuned, $"configs/{entry.Name}.yaml"), env) is { } section)
            options = Apply(options, ConfigFiles.Scalars(section, $"configs/{entry.Name}.yaml [{env}]"), $"configs/{entry.Name}.yaml", budget);
        if (preset is not null)
        {
            options = Apply(options, preset.Hyperparams, $"preset {preset.Name}", budget);
            budget.Steps = preset.Steps ?? budget.Steps;
            budget.Episodes = preset.Episodes ?? budget.Episodes;
        }
        options = Apply(options, fileValues, configPath ?? "", budget);
        var pairs = sets.Select(s =>
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--set takes key=value; got '{s}'.");
            return new KeyValuePair<string, string>(s[..eq].Trim(), s[(eq + 1)..].Trim());
        }).ToList();
        options = Apply(options, pairs, "--set", budget);
        long total = steps ?? budget.Steps ?? 100_000;
        if (total <= 0) throw new UsageException($"The number of steps must be positive; got {total}.");
        if (maxEpisodes is <= 0) throw new UsageException($"--max-episodes must be a positive number of episodes; got {maxEpisodes}.");
        return new RunConfig(entry.Name, env, seed, total, options, preset?.Name, maxEpisodes ?? budget.Episodes);
    }

    /// <summary>
    /// A positive whole number from a config value (<c>1e5</c> included), or a usage error naming the key and its source.
    /// </summary>
    public static long Count(string key, string value, string source)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d <= 0 || d != Math.Floor(d) || d > long.MaxValue)
            throw new UsageException($"'{key}' in {source} must be a positive whole number; got '{value}'.");
        return (long)d;
    }

    private sealed class Budget
    {
        public long? Steps { get; set; }
        public long? Episodes { get; set; }
    }

    // Takes the budget keys out of the values (recording them) and applies the rest to the options.
    private static object Apply(object options, IEnumerable<KeyValuePair<string, string>> values, string source, Budget budget)
    {
        var list = values.ToList();
        foreach (var kv in list)
        {
            if (kv.Key == StepsKey) budget.Steps = Count(StepsKey, kv.Value, source);
            else if (kv.Key == EpisodesKey) budget.Episodes = Count(EpisodesKey, kv.Value, source);
        }
        return OptionsBinder.Apply(options, list.Where(kv => kv.Key is not StepsKey and not EpisodesKey), source);
    }
}
