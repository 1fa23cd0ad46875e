using System.Collections.Concurrent;

namespace Skinner.Envs;

/// <summary>
/// The registry: <c>Envs.Make("CartPole-v1")</c> builds a registered environment with its time limit and
/// default wrappers. Each family of environments registers itself in a partial file of its own
/// (<c>Envs.Classic.cs</c>, <c>Envs.MinAtar.cs</c>, ...) by adding to <see cref="RegisterAll"/>; <see cref="Register"/>
/// adds an environment of the caller's own.
/// </summary>
public static partial class Envs
{
    private static readonly Lazy<ConcurrentDictionary<string, EnvSpec>> s_specs = new(BuildRegistry);

    /// <summary>Every registered environment, sorted by id.</summary>
    public static IReadOnlyList<EnvSpec> Specs => [.. s_specs.Value.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>The registration of <paramref name="id"/>, or an error that lists the close matches.</summary>
    public static EnvSpec Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (s_specs.Value.TryGetValue(id, out var spec)) return spec;
        var close = s_specs.Value.Keys
            .Select(k => (k, d: Distance(k.ToUpperInvariant(), id.ToUpperInvariant())))
            .Where(t => t.d <= Math.Max(3, id.Length / 3) || t.k.Contains(id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.d).Take(5).Select(t => t.k).ToList();
        string hint = close.Count > 0
            ? $" Did you mean: {string.Join(", ", close)}?"
            : " Run `skinner list envs` to see every registered id.";
        throw new ArgumentException($"Unknown environment id '{id}'.{hint}", nameof(id));
    }

    /// <summary>
    /// Registers an environment of the caller's own, as <c>gymnasium.register</c> does: <see cref="Make"/> then builds
    /// it with its time limit, and everything that makes environments from an id can copy it (vector environments, the
    /// agents' <c>n_envs</c> copies, A3C's workers, evaluation callbacks). <paramref name="spec"/>'s factory must return
    /// a fresh, independent environment at each call.
    /// </summary>
    /// <exception cref="ArgumentException">The id is empty or already registered, or the time limit is not positive.</exception>
    public static void Register(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Id, nameof(spec));
        ArgumentNullException.ThrowIfNull(spec.Factory, nameof(spec));
        if (spec.MaxEpisodeSteps is <= 0)
            throw new ArgumentException($"The time limit of '{spec.Id}' must be positive or null (none); got {spec.MaxEpisodeSteps}.", nameof(spec));
        if (!s_specs.Value.TryAdd(spec.Id, spec))
            throw new ArgumentException($"Environment id '{spec.Id}' is already registered; choose another id (versions go last: '-v1').", nameof(spec));
    }

    /// <summary>Builds the registered environment <paramref name="id"/> with its default wrappers.</summary>
    public static IEnv Make(string id)
    {
        var spec = Spec(id);
        IEnv env = spec.Factory();
        env.Spec = spec;
        return WrapDefaults(env, spec);
    }

    private static ConcurrentDictionary<string, EnvSpec> BuildRegistry()
    {
        var specs = new ConcurrentDictionary<string, EnvSpec>(StringComparer.Ordinal);
        RegisterAll(spec =>
        {
            if (!specs.TryAdd(spec.Id, spec)) throw new InvalidOperationException($"Environment id '{spec.Id}' is registered twice.");
        });
        return specs;
    }

    // Each family implements its partial method in its own file (Envs.Classic.cs, Envs.MinAtar.cs, ...).
    private static void RegisterAll(Action<EnvSpec> add)
    {
        RegisterClassic(add);
        RegisterMinAtar(add);
        RegisterSwingup(add);
        RegisterPixels(add);
    }

    static partial void RegisterClassic(Action<EnvSpec> add);

    static partial void RegisterMinAtar(Action<EnvSpec> add);

    static partial void RegisterSwingup(Action<EnvSpec> add);

    static partial void RegisterPixels(Action<EnvSpec> add);

    // As gymnasium.make: TimeLimit(OrderEnforcing(env)).
    private static IEnv WrapDefaults(IEnv env, EnvSpec spec)
    {
        IEnv wrapped = new Wrappers.OrderEnforcing(env);
        return spec.MaxEpisodeSteps is int limit ? new Wrappers.TimeLimit(wrapped, limit) : wrapped;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
