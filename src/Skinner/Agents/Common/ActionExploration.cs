using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>
/// How deterministic-policy agents (DDPG, TD3) choose a training action in [-1, 1]: uniformly at random
/// before learning starts, then the policy's action plus noise, clipped to [-1, 1].
/// </summary>
public sealed class ActionExploration(int learningStarts, IActionNoise? noise)
{
    private float[] _noise = [];

    /// <summary>Writes the action for step <paramref name="steps"/> into <paramref name="unit"/>.</summary>
    public void Choose(long steps, Func<float[]> policy, Span<float> unit, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rng);
        if (steps < learningStarts)
        {
            for (int i = 0; i < unit.Length; i++) unit[i] = (float)(2 * rng.NextDouble() - 1);
            return;
        }
        policy().AsSpan().CopyTo(unit);
        if (noise is null) return;
        if (_noise.Length != unit.Length) _noise = new float[unit.Length];
        noise.Sample(_noise, rng);
        for (int i = 0; i < unit.Length; i++) unit[i] = Math.Clamp(unit[i] + _noise[i], -1f, 1f);
    }

    /// <summary>A new episode begins.</summary>
    public void EpisodeEnd() => noise?.Reset();

    /// <summary>The noise's state as a tensor for a checkpoint (doubles kept bit for bit as pairs of floats).</summary>
    public Tensor State()
    {
        double[] state = noise?.GetState() ?? [];
        return new(System.Runtime.InteropServices.MemoryMarshal.Cast<double, float>(state.AsSpan()).ToArray(), 2 * state.Length);
    }

    /// <summary>Restores the noise's state from <see cref="State"/>.</summary>
    public void Restore(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        noise?.SetState(System.Runtime.InteropServices.MemoryMarshal.Cast<float, double>(state.Data.AsSpan()));
    }
}
