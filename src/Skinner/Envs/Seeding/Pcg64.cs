using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Skinner.Envs.Seeding;

/// <summary>
/// NumPy's default bit generator, PCG64 (a 128-bit linear congruential generator with the XSL-RR output
/// function), together with the two <c>np.random.Generator</c> methods Gymnasium's resets use:
/// <c>random()</c> and <c>uniform(low, high)</c>. Seeded from a <see cref="SeedSequence"/>, it reproduces
/// NumPy's stream bit for bit.
/// </summary>
public sealed class Pcg64
{
    private static readonly UInt128 s_multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);
    private UInt128 _state;
    private readonly UInt128 _increment;

    /// <summary>The generator <c>PCG64(SeedSequence(seed))</c>.</summary>
    public Pcg64(long seed)
        : this(new SeedSequence(seed))
    {
    }

    /// <summary>The generator <c>PCG64(seedSequence)</c>.</summary>
    public Pcg64(SeedSequence seedSequence)
    {
        ArgumentNullException.ThrowIfNull(seedSequence);
        var s = seedSequence.GenerateState64(4);
        var initState = new UInt128(s[0], s[1]);
        var initSeq = new UInt128(s[2], s[3]);
        _increment = (initSeq << 1) | UInt128.One;
        _state = UInt128.Zero;
        Advance();
        _state += initState;
        Advance();
    }

    /// <summary>A generator seeded from the operating system's entropy.</summary>
    public static Pcg64 FromEntropy() => new(SeedSequence.FromEntropy());

    /// <summary>The 128-bit LCG state, for inspection.</summary>
    public UInt128 State => _state;

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        Advance();
        ulong x = (ulong)(_state >> 64) ^ (ulong)_state;
        int rot = (int)(_state >> 122);
        return ulong.RotateRight(x, rot);
    }

    /// <summary>A double in [0, 1) with 53 random bits, as <c>Generator.random()</c>.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// <c>Generator.uniform(low, high)</c>: <c>low + (high − low) · random()</c>, with <c>high − low</c>
    /// rounded first, as NumPy does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(double low, double high)
    {
        double range = high - low;
        if (!double.IsFinite(range)) ThrowInfiniteRange(low, high);
        return low + (range * NextDouble());
    }

    [DoesNotReturn]
    private static void ThrowInfiniteRange(double low, double high) =>
        throw new ArgumentOutOfRangeException(nameof(high), $"uniform({low}, {high}): the range must be finite.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance() => _state = (_state * s_multiplier) + _increment;
}
