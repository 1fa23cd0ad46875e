using System.Numerics;

namespace Skinner.Envs.Vector;

/// <summary>
/// NumPy's <c>Generator(PCG64(SeedSequence(seed)))</c> as far as Gymnasium's resets use it
/// (<c>uniform</c>), so that <see cref="CartPoleVectorEnv"/> draws the initial states Gymnasium draws.
/// A value type, so that an array of them keeps every generator's state contiguous.
/// </summary>
internal struct Pcg64Stream
{
    private static readonly UInt128 s_multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private UInt128 _state;
    private UInt128 _increment;

    /// <summary>The generator NumPy builds from <c>SeedSequence(seed)</c>.</summary>
    public static Pcg64Stream FromSeed(long seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seeds must be non-negative, as in NumPy.");
        Span<uint> words = stackalloc uint[8];
        SeedSequenceWords((ulong)seed, words);
        ulong s0 = words[0] | ((ulong)words[1] << 32), s1 = words[2] | ((ulong)words[3] << 32);
        ulong s2 = words[4] | ((ulong)words[5] << 32), s3 = words[6] | ((ulong)words[7] << 32);
        var initState = new UInt128(s0, s1);
        var initSeq = new UInt128(s2, s3);
        var g = new Pcg64Stream { _increment = (initSeq << 1) | 1 };
        g._state = g._state * s_multiplier + g._increment;
        g._state += initState;
        g._state = g._state * s_multiplier + g._increment;
        return g;
    }

    /// <summary>The next 64 random bits (XSL-RR output of the advanced state).</summary>
    public ulong NextUInt64()
    {
        _state = _state * s_multiplier + _increment;
        ulong x = (ulong)(_state >> 64) ^ (ulong)_state;
        return BitOperations.RotateRight(x, (int)(_state >> 122));
    }

    /// <summary>A double uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>NumPy's <c>uniform(low, high)</c>: <c>low + (high - low) * next_double()</c>.</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    // NumPy's SeedSequence: hash the entropy words into a pool of four, then draw eight words from it.
    private static void SeedSequenceWords(ulong seed, Span<uint> output)
    {
        const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
        const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
        Span<uint> entropy = stackalloc uint[2];
        entropy[0] = (uint)seed;
        entropy[1] = (uint)(seed >> 32);
        int entropyLength = seed >> 32 == 0 ? 1 : 2;
        uint hashConst = InitA;
        uint HashMix(uint v)
        {
            v ^= hashConst;
            hashConst *= MultA;
            v *= hashConst;
            return v ^ (v >> 16);
        }
        static uint Mix(uint x, uint y)
        {
            uint r = MixMultL * x - MixMultR * y;
            return r ^ (r >> 16);
        }
        Span<uint> pool = stackalloc uint[4];
        for (int i = 0; i < 4; i++) pool[i] = HashMix(i < entropyLength ? entropy[i] : 0);
        for (int src = 0; src < 4; src++)
            for (int dst = 0; dst < 4; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], HashMix(pool[src]));
        uint hashB = InitB;
        for (int i = 0; i < output.Length; i++)
        {
            uint v = pool[i % 4] ^ hashB;
            hashB *= MultB;
            v *= hashB;
            output[i] = v ^ (v >> 16);
        }
    }
}
