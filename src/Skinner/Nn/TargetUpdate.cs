using System.Globalization;
using System.Numerics;
using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// Target-network updates for DQN, DDPG, TD3 and SAC. Source and target must be the same architecture:
/// the same parameter and buffer names with the same shapes (checked before anything is written, so a
/// mismatch leaves the target unchanged). Gradients are not touched.
/// </summary>
public static class TargetUpdate
{
    /// <summary>Copies every parameter and buffer of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void HardCopy(Module source, Module target)
    {
        Copy(CopyPairs(source, target));
    }

    /// <summary>
    /// Polyak averaging: target ← τ·source + (1 − τ)·target for every parameter. Buffers (batch-norm
    /// running statistics) are copied, not averaged, as Stable-Baselines3 does. τ = 1 is a hard copy.
    /// </summary>
    /// <param name="source">The online network.</param>
    /// <param name="target">The target network, updated in place.</param>
    /// <param name="tau">Weight of the source, in [0, 1] (e.g. 0.005 for SAC and TD3).</param>
    public static void Polyak(Module source, Module target, double tau)
    {
        if (!(tau >= 0 && tau <= 1))
            throw new ArgumentOutOfRangeException(nameof(tau), tau, $"tau must be in [0, 1] (the weight of the source network); got {tau.ToString(CultureInfo.InvariantCulture)}.");
        var pairs = Match(source, target);
        foreach (var (s, t, isBuffer) in pairs)
        {
            if (isBuffer || tau == 1) s.Data.AsSpan().CopyTo(t.Data);
            else Blend(s.Data, t.Data, (float)tau, (float)(1 - tau));
        }
    }

    // t = t·(1 − τ) + τ·s, in the order of PyTorch's target.mul_(1 − τ).add_(source, alpha=τ).
    private static void Blend(ReadOnlySpan<float> s, Span<float> t, float tau, float keep)
    {
        int w = Vector<float>.Count;
        var vtau = new Vector<float>(tau);
        int i = 0;
        for (; i <= t.Length - w; i += w)
            Vector.FusedMultiplyAdd(new Vector<float>(s[i..]), vtau, new Vector<float>(t[i..]) * keep).CopyTo(t[i..]);
        for (; i < t.Length; i++) t[i] = MathF.FusedMultiplyAdd(s[i], tau, t[i] * keep);
    }

    /// <summary>
    /// What <see cref="HardCopy"/> copies, matched by name once (checked as it checks), for a caller that copies
    /// between the same two modules over and over: A3C's workers pull the global weights after every update.
    /// </summary>
    internal static (Tensor Source, Tensor Target)[] CopyPairs(Module source, Module target) =>
        [.. Match(source, target).Select(pair => (pair.Source, pair.Target))];

    /// <summary>Copies each source's values into its target (pairs from <see cref="CopyPairs"/>).</summary>
    internal static void Copy(ReadOnlySpan<(Tensor Source, Tensor Target)> pairs)
    {
        foreach (var (s, t) in pairs) s.Data.AsSpan().CopyTo(t.Data);
    }

    private static List<(Tensor Source, Tensor Target, bool IsBuffer)> Match(Module source, Module target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var pairs = new List<(Tensor, Tensor, bool)>();
        MatchList(source.NamedParameters().ToList(), target.NamedParameters().ToList(), "parameter", false, pairs);
        MatchList(source.NamedBuffers().ToList(), target.NamedBuffers().ToList(), "buffer", true, pairs);
        return pairs;
    }

    private static void MatchList(List<(string Name, Tensor Tensor)> source, List<(string Name, Tensor Tensor)> target, string what, bool isBuffer, List<(Tensor, Tensor, bool)> pairs)
    {
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in target)
        {
            if (!byName.TryAdd(name, tensor)) throw new ArgumentException($"The target network has two {what}s named '{name}'.", nameof(target));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, s) in source)
        {
            if (!seen.Add(name)) throw new ArgumentException($"The source network has two {what}s named '{name}'.", nameof(source));
            if (!byName.TryGetValue(name, out var t))
                throw new ArgumentException($"The target network has no {what} '{name}' that the source has; build the target with the same architecture as the source.", nameof(target));
            if (!s.Shape.AsSpan().SequenceEqual(t.Shape))
                throw new ArgumentException($"{Capital(what)} '{name}' has shape [{string.Join(", ", s.Shape)}] in the source but [{string.Join(", ", t.Shape)}] in the target; build the target with the same architecture as the source.", nameof(target));
            if (!ReferenceEquals(s.Data, t.Data)) pairs.Add((s, t, isBuffer));
        }
        foreach (var (name, _) in target)
        {
            if (!seen.Contains(name))
                throw new ArgumentException($"The target network has a {what} '{name}' that the source lacks; build the target with the same architecture as the source.", nameof(target));
        }
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
