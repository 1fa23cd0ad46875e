using Skinner.Agents;
using Skinner.Agents.A2c;
using Skinner.Agents.A3c;
using Skinner.Agents.Ddpg;
using Skinner.Agents.Ppo;
using Skinner.Agents.Reinforce;
using Skinner.Agents.Dqn;
using Skinner.Agents.Sac;
using Skinner.Agents.Td3;
using Skinner.Envs;

namespace Skinner.Cli;

/// <summary>An algorithm the tool can train: its default options and how to build the agent.</summary>
public sealed record AlgorithmEntry(string Name, string Summary, object Defaults, Func<IEnv, object, long, IAgent> Create);

/// <summary>Algorithms and presets known to the tool.</summary>
public static class Catalog
{
    /// <summary>Every algorithm, in the order `skinner list algos` shows them.</summary>
    public static IReadOnlyList<AlgorithmEntry> Algorithms { get; } =
    [
        new("dqn", "Deep Q-learning with replay and a target network; Double, dueling, n-step and prioritised options (discrete actions).",
            new DqnOptions(), (env, o, seed) => new Dqn(env, (DqnOptions)o, seed)),
        new("ddpg", "Deep deterministic policy gradient: actor, Q-critic, replay, target networks, Gaussian or Ornstein-Uhlenbeck noise (continuous).",
            new DdpgOptions(), (env, o, seed) => new Ddpg(env, (DdpgOptions)o, seed)),
        new("td3", "Twin delayed DDPG: twin critics, target policy smoothing, delayed actor updates (continuous).",
            new Td3Options(), (env, o, seed) => new Td3(env, (Td3Options)o, seed)),
        new("sac", "Soft actor-critic: squashed Gaussian policy, twin critics, automatic entropy tuning (continuous).",
            new SacOptions(), (env, o, seed) => new Sac(env, (SacOptions)o, seed)),
        new("reinforce", "Monte-Carlo policy gradient: network or linear logistic policy, optional baseline and return normalisation.",
            new ReinforceOptions(), (env, o, seed) => new Reinforce(env, (ReinforceOptions)o, seed)),
        new("a2c", "Synchronous advantage actor-critic: vector environments, n-step or GAE advantages, entropy bonus (discrete or continuous).",
            new A2cOptions(), (env, o, seed) => new A2c(env, (A2cOptions)o, seed)),
        new("a3c", "Asynchronous advantage actor-critic: worker threads with local networks updating a global one, locked or lock-free.",
            new A3cOptions(), (env, o, seed) => new A3c(env, (A3cOptions)o, seed)),
        new("ppo", "Proximal policy optimisation: clipped surrogate, GAE, minibatch epochs, normalisation, annealing (discrete or continuous).",
            new PpoOptions(), (env, o, seed) => new Ppo(env, (PpoOptions)o, seed)),
    ];

    /// <summary>The algorithm called <paramref name="name"/>, or a usage error listing the known ones.</summary>
    public static AlgorithmEntry Algorithm(string name) =>
        Algorithms.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"Unknown algorithm '{name}'. Known: {string.Join(", ", Algorithms.Select(a => a.Name))} (`skinner list algos`).");

    /// <summary>The presets of configs/presets.yaml, by name.</summary>
    public static IReadOnlyDictionary<string, Preset> Presets => s_presets.Value;

    private static readonly Lazy<Dictionary<string, Preset>> s_presets = new(LoadPresets);

    private static Dictionary<string, Preset> LoadPresets()
    {
        var result = new Dictionary<string, Preset>(StringComparer.Ordinal);
        string? text = ConfigFiles.Embedded("presets.yaml");
        if (text is null) return result;
        var root = ConfigFiles.Parse(text, "configs/presets.yaml");
        foreach (var (k, v) in root.Children)
        {
            string name = k.ToString();
            if (v is not YamlDotNet.RepresentationModel.YamlMappingNode map) throw new InvalidDataException($"Preset '{name}' in configs/presets.yaml is not a mapping.");
            var top = ConfigFiles.TopScalars(map, $"preset {name}");
            var hyper = ConfigFiles.Section(map, "hyperparams") is { } h ? ConfigFiles.Scalars(h, $"preset {name}") : [];
            result[name] = new Preset(name, top.GetValueOrDefault("algo") ?? throw new InvalidDataException($"Preset '{name}' names no algo."),
                top.GetValueOrDefault("env") ?? throw new InvalidDataException($"Preset '{name}' names no env."),
                top.GetValueOrDefault("description") ?? "",
                top.TryGetValue("n_timesteps", out var n) ? Resolve.Count("n_timesteps", n, $"preset {name}") : null,
                hyper,
                top.TryGetValue("n_episodes", out var e) ? Resolve.Count("n_episodes", e, $"preset {name}") : null);
        }
        return result;
    }
}

/// <summary>
/// A named configuration that reproduces a reference result: its budget in steps (<c>n_timesteps</c>) and, where
/// the document counts in episodes, in episodes too (<c>n_episodes</c>).
/// </summary>
public sealed record Preset(string Name, string Algorithm, string Env, string Description, long? Steps, IReadOnlyList<KeyValuePair<string, string>> Hyperparams, long? Episodes = null);
