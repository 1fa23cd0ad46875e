namespace Skinner.Envs.Swingup;

/// <summary>
/// The reset generator: SplitMix64 (Steele, Lea and Flood 2014) seeded with the episode seed, giving
/// doubles as <c>(next >> 11)·2⁻⁵³</c> and uniforms as <c>low + (high − low)·u</c>. Deterministic for a
/// seed on every platform; it does not reproduce NumPy's stream.
/// </summary>
internal sealed class SwingupRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    /// <summary>A uniform draw from [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    private double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
