using System.Text.Json;

namespace Skinner.Tests;

/// <summary>
/// Checks for the cases of the nn golden files, keyed by <c>attrs.op</c>. Each area of the engine
/// registers its checks from its own file with a <c>[ModuleInitializer]</c>, so that
/// <c>NnGoldenTests</c> can dispatch every case of every file, and treat an unknown op as a failure.
/// A check receives one case object and throws (an xunit assertion) when a value is off.
/// </summary>
public static class NnGoldenOps
{
    private static readonly Dictionary<string, Action<JsonElement>> s_checks = new(StringComparer.Ordinal);

    /// <summary>Registers the check for <paramref name="op"/>; registering an op twice is a bug.</summary>
    public static void Register(string op, Action<JsonElement> check)
    {
        lock (s_checks)
        {
            if (!s_checks.TryAdd(op, check)) throw new InvalidOperationException($"Golden op '{op}' registered twice.");
        }
    }

    /// <summary>The check for <paramref name="op"/>, or null when no area knows the op.</summary>
    public static Action<JsonElement>? Find(string op)
    {
        lock (s_checks) return s_checks.GetValueOrDefault(op);
    }

    /// <summary>Every registered op.</summary>
    public static IReadOnlyCollection<string> Ops
    {
        get { lock (s_checks) return [.. s_checks.Keys]; }
    }
}

/// <summary>
/// Checks for the environment golden files, keyed by the file's <c>format</c> field
/// (<c>gymnasium-golden-v1</c>, <c>minatar-golden-v1</c>, ...). A check receives the whole file's root
/// object and throws when anything recorded is not reproduced. <c>EnvGoldenTests</c> dispatches every
/// file; a format that no check knows is a failure.
/// </summary>
public static class EnvGoldenChecks
{
    private static readonly Dictionary<string, Action<JsonElement>> s_checks = new(StringComparer.Ordinal);

    /// <summary>Registers the check for files of <paramref name="format"/>.</summary>
    public static void Register(string format, Action<JsonElement> check)
    {
        lock (s_checks)
        {
            if (!s_checks.TryAdd(format, check)) throw new InvalidOperationException($"Golden format '{format}' registered twice.");
        }
    }

    /// <summary>The check for <paramref name="format"/>, or null.</summary>
    public static Action<JsonElement>? Find(string format)
    {
        lock (s_checks) return s_checks.GetValueOrDefault(format);
    }
}
