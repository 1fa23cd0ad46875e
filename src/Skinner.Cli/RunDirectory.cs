using System.Globalization;
using System.Text;
using Skinner.Reporting;

namespace Skinner.Cli;

/// <summary>
/// The run directory, the contract scripts and people rely on:
/// <c>runs/ENV/ALGO-SEED-TIMESTAMP/</c> with config.yaml, metrics.csv, TensorBoard events, plots,
/// eval.json, videos/ and checkpoints/.
/// </summary>
public sealed class RunDirectory
{
    /// <summary>Opens (or creates) the directory at <paramref name="path"/>.</summary>
    public RunDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path);
            Directory.CreateDirectory(Checkpoints);
            Directory.CreateDirectory(Videos);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the run directory '{Path}' ({e.Message.TrimEnd('.')}). Choose a writable place with --run-dir.", e);
        }
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>checkpoints/.</summary>
    public string Checkpoints => System.IO.Path.Combine(Path, "checkpoints");

    /// <summary>videos/.</summary>
    public string Videos => System.IO.Path.Combine(Path, "videos");

    /// <summary>The checkpoint written every N steps and at the end (also on Ctrl+C).</summary>
    public string LatestCheckpoint => System.IO.Path.Combine(Checkpoints, "latest.safetensors");

    /// <summary>The checkpoint with the best periodic evaluation.</summary>
    public string BestCheckpoint => System.IO.Path.Combine(Checkpoints, "best.safetensors");

    /// <summary>config.yaml.</summary>
    public string Config => System.IO.Path.Combine(Path, "config.yaml");

    /// <summary>A file inside the run.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A new, unique run directory under <paramref name="root"/> for ENV/ALGO-SEED-TIMESTAMP.</summary>
    public static RunDirectory CreateNew(string root, string envId, string algo, long seed) => new(NewPath(root, envId, algo, seed));

    /// <summary>The path a new run would get (ENV/ALGO-SEED-TIMESTAMP, made unique), without creating it.</summary>
    public static string NewPath(string root, string envId, string algo, long seed)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string baseDir = System.IO.Path.Combine(root, envId.Replace('/', '-'), $"{algo}-{seed}-{stamp}");
        string dir = baseDir;
        for (int i = 2; Directory.Exists(dir); i++) dir = $"{baseDir}-{i}";
        return dir;
    }

    /// <summary>Writes config.yaml atomically: everything needed to repeat the run.</summary>
    public void WriteConfig(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sb = new StringBuilder();
        sb.AppendLine("# Skinner run configuration. Repeat the run with:");
        sb.AppendLine($"#   skinner train {config.Algorithm} {config.Env} --config config.yaml --seed {config.Seed}");
        sb.AppendLine($"skinner_version: {typeof(RunDirectory).Assembly.GetName().Version}");
        sb.AppendLine($"algo: {config.Algorithm}");
        sb.AppendLine($"env: {config.Env}");
        sb.AppendLine($"seed: {config.Seed}");
        sb.AppendLine($"n_timesteps: {config.Steps}");
        if (config.MaxEpisodes is long episodes) sb.AppendLine($"n_episodes: {episodes}");
        if (config.Preset is not null) sb.AppendLine($"preset: {config.Preset}");
        sb.AppendLine("hyperparams:");
        foreach (var (key, value, _) in OptionsBinder.Describe(config.Options)) sb.AppendLine($"  {key}: {Yaml(value)}");
        AtomicFile.WriteAllText(Config, sb.ToString());
    }

    private static string Yaml(string value) =>
        value.Length == 0 || value.Any(c => c is ':' or '#' or '\'' or '"') ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'" : value;
}

/// <summary>
/// The resolved settings of a run. <paramref name="MaxEpisodes"/>, when set, ends the run after that many training
/// episodes of each invocation (the config key <c>n_episodes</c>, the tool's <c>--max-episodes</c>), whichever of
/// the two budgets runs out first.
/// </summary>
public sealed record RunConfig(string Algorithm, string Env, long Seed, long Steps, object Options, string? Preset, long? MaxEpisodes = null);
