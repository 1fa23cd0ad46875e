using System.Numerics;
using System.Security.Cryptography;

namespace Skinner.Envs.Seeding;

/// <summary>
/// NumPy's <c>np.random.SeedSequence</c>: mixes an integer seed of any size into a pool of four 32-bit words
/// and expands the pool into as many well-mixed state words as a generator needs. It is what turns
/// Gymnasium's <c>reset(seed=s)</c> into a PCG64 state, so the words it gives are those NumPy gives.
/// </summary>
public sealed class SeedSequence
{
    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int PoolSize = 4;
    private readonly uint[] _pool = new uint[PoolSize];

    /// <summary>The sequence of a non-negative integer seed, as <c>SeedSequence(seed)</c>.</summary>
    public SeedSequence(BigInteger seed)
        : this(Words(seed))
    {
    }

    /// <summary>The sequence of an entropy given as little-endian 32-bit words (at least one).</summary>
    public SeedSequence(ReadOnlySpan<uint> entropy)
    {
        if (entropy.IsEmpty) throw new ArgumentException("SeedSequence needs at least one entropy word.", nameof(entropy));
        uint hashConst = InitA;
        uint HashMix(uint v)
        {
            v ^= hashConst;
            hashConst *= MultA;
            v *= hashConst;
            return v ^ (v >> 16);
        }

        for (int i = 0; i < PoolSize; i++) _pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) _pool[dst] = Mix(_pool[dst], HashMix(_pool[src]));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                _pool[dst] = Mix(_pool[dst], HashMix(entropy[src]));
    }

    /// <summary>A sequence seeded from the operating system's entropy (128 bits), as <c>SeedSequence()</c>.</summary>
    public static SeedSequence FromEntropy()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        Span<uint> words = stackalloc uint[4];
        for (int i = 0; i < 4; i++) words[i] = BitConverter.ToUInt32(bytes.Slice(4 * i, 4));
        return new SeedSequence(words);
    }

    /// <summary>The pool after mixing (four words), for inspection.</summary>
    public IReadOnlyList<uint> Pool => _pool;

    /// <summary><c>generate_state(n, np.uint32)</c>: <paramref name="n"/> state words.</summary>
    public uint[] GenerateState32(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var words = new uint[n];
        uint hashConst = InitB;
        for (int i = 0; i < n; i++)
        {
            uint v = _pool[i % PoolSize];
            v ^= hashConst;
            hashConst *= MultB;
            v *= hashConst;
            words[i] = v ^ (v >> 16);
        }
        return words;
    }

    /// <summary><c>generate_state(n, np.uint64)</c>: pairs of 32-bit words, low word first.</summary>
    public ulong[] GenerateState64(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var w = GenerateState32(2 * n);
        var state = new ulong[n];
        for (int k = 0; k < n; k++) state[k] = w[2 * k] | ((ulong)w[(2 * k) + 1] << 32);
        return state;
    }

    private static uint Mix(uint x, uint y)
    {
        uint r = (MixMultL * x) - (MixMultR * y);
        return r ^ (r >> 16);
    }

    // The seed's 32-bit words, least significant first; zero is one word of 0.
    private static uint[] Words(BigInteger seed)
    {
        if (seed.Sign < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "A seed must be a non-negative integer.");
        if (seed.IsZero) return [0u];
        var words = new List<uint>();
        var mask = new BigInteger(uint.MaxValue);
        while (!seed.IsZero)
        {
            words.Add((uint)(seed & mask));
            seed >>= 32;
        }
        return [.. words];
    }
}
