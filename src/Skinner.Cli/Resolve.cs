using System.Globalization;

namespace Skinner.Cli;

/// <summary>
/// Resolves a run's settings, each layer over the one before: the algorithm's defaults, the tuned
/// settings in configs/ALGO.yaml for the environment, a preset, a --config file, --set pairs, --steps.
/// </summary>
public static class Resolve
{
    /// <summary>Hyperparameter keys that are not options of the algorithm.</summary>
    private const string StepsKey = "n_timesteps";

    /// <summary>The run's configuration.</summary>
    public static RunConfig Run(string? algoName, string? envId, string? presetName, string? configPath,
        IReadOnlyList<string> sets, long? steps, long seed)
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
        long? n = null;
        if (ConfigFiles.Embedded(entry.Name + ".yaml") is { } tuned && ConfigFiles.Section(ConfigFiles.Parse(tuned, $"configs/{entry.Name}.yaml"), env) is { } section)
            (options, n) = Apply(options, ConfigFiles.Scalars(section, $"configs/{entry.Name}.yaml [{env}]"), $"configs/{entry.Name}.yaml", n);
        if (preset is not null)
        {
            (options, n) = Apply(options, preset.Hyperparams, $"preset {preset.Name}", n);
            n = preset.Steps ?? n;
        }
        (options, n) = Apply(options, fileValues, configPath ?? "", n);
        var pairs = sets.Select(s =>
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--set takes key=value; got '{s}'.");
            return new KeyValuePair<string, string>(s[..eq].Trim(), s[(eq + 1)..].Trim());
        }).ToList();
        (options, n) = Apply(options, pairs, "--set", n);
        long total = steps ?? n ?? 100_000;
        if (total <= 0) throw new UsageException($"The number of steps must be positive; got {total}.");
        return new RunConfig(entry.Name, env, seed, total, options, preset?.Name);
    }

    private static (object Options, long? Steps) Apply(object options, IEnumerable<KeyValuePair<string, string>> values, string source, long? steps)
    {
        var list = values.ToList();
        foreach (var kv in list.Where(kv => kv.Key == StepsKey))
        {
            if (!double.TryParse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d <= 0 || d != Math.Floor(d))
                throw new UsageException($"'{StepsKey}' in {source} must be a positive whole number; got '{kv.Value}'.");
            steps = (long)d;
        }
        return (OptionsBinder.Apply(options, list.Where(kv => kv.Key != StepsKey), source), steps);
    }
}
