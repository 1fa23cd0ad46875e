namespace Skinner.Envs.MinAtar;

/// <summary>
/// The Mersenne Twister (MT19937) as NumPy's legacy <c>numpy.random.RandomState</c> seeds and draws from it,
/// so that a seeded MinAtar game sees the same random stream as the Python original: the same start
/// positions, the same sticky-action draws, the same spawns.
/// </summary>
/// <remarks>
/// Only the draws MinAtar uses are provided: <see cref="Rand"/> (<c>rand()</c>/<c>random_sample()</c>) and
/// <see cref="RandInt(long)"/> (<c>randint(n)</c> with NumPy's masked rejection sampling). A uniform
/// <c>choice</c> among n items is <c>randint(n)</c> in this generator, so it needs nothing of its own.
/// <see cref="WordsDrawn"/> counts the 32-bit outputs consumed, which is how RNG-order bugs are found.
/// </remarks>
public sealed class LegacyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>A generator seeded as <c>RandomState(seed)</c>.</summary>
    public LegacyRandomState(uint seed) => Seed(seed);

    /// <summary>How many 32-bit words have been drawn since the last <see cref="Seed"/>.</summary>
    public long WordsDrawn { get; private set; }

    /// <summary>
    /// Re-seeds in place, as <c>RandomState.seed(s)</c> with an integer <c>0 ≤ s &lt; 2^32</c> (NumPy's
    /// legacy path: Knuth's linear initialisation, no <c>init_by_array</c>).
    /// </summary>
    public void Seed(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = unchecked((1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i);
        _index = N; // the first draw twists
        WordsDrawn = 0;
    }

    /// <summary>The next tempered 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        WordsDrawn++;
        return y;
    }

    /// <summary>Discards <paramref name="count"/> words, e.g. to position the stream for a one-step test.</summary>
    public void Skip(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (long i = 0; i < count; i++) NextUInt32();
    }

    /// <summary>A double in [0, 1) with 53 random bits, as <c>rand()</c>: two words, 27 and 26 high bits.</summary>
    public double Rand()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// An integer in [0, <paramref name="n"/>), as <c>randint(n)</c>: draw a word, mask it to the smallest
    /// all-ones mask covering <c>n - 1</c>, and redraw while it exceeds <c>n - 1</c>. Every rejected word
    /// counts; <c>n == 1</c> draws nothing.
    /// </summary>
    public long RandInt(long n)
    {
        if (n <= 0 || n > 1L << 32) throw new ArgumentOutOfRangeException(nameof(n), n, "randint needs 1 ≤ n ≤ 2^32.");
        uint range = (uint)(n - 1);
        if (range == 0) return 0;
        uint mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint v;
        do v = NextUInt32() & mask;
        while (v > range);
        return v;
    }

    /// <summary><c>randint(low, high)</c>: <c>low + randint(high - low)</c>.</summary>
    public long RandInt(long low, long high) => low + RandInt(high - low);

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_mt[i] & UpperMask) | (_mt[(i + 1) % N] & LowerMask);
            _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0u);
        }
        _index = 0;
    }
}
