using System.Numerics;
using Skinner.Envs.Seeding;

namespace Skinner.Tests.Envs;

public class SeedSequenceTests
{
    [Fact]
    public void Same_seed_same_words_and_different_seeds_differ()
    {
        Assert.Equal(new SeedSequence(42).GenerateState32(8), new SeedSequence(42).GenerateState32(8));
        Assert.NotEqual(new SeedSequence(42).GenerateState32(8), new SeedSequence(43).GenerateState32(8));
    }

    [Fact]
    public void A_seed_is_its_little_endian_words()
    {
        // 2^32 + 5 is the entropy [5, 1]; the pool must see both words.
        var big = new SeedSequence(new BigInteger(4294967301L));
        var words = new SeedSequence([5u, 1u]);
        Assert.Equal(words.Pool, big.Pool);
        Assert.NotEqual(new SeedSequence(5).Pool, big.Pool);
    }

    [Fact]
    public void Zero_is_one_word_of_zero()
    {
        Assert.Equal(new SeedSequence([0u]).Pool, new SeedSequence(0).Pool);
    }

    [Fact]
    public void Long_entropy_is_mixed_in()
    {
        // Words past the pool size take the second mixing loop.
        Assert.NotEqual(new SeedSequence([1u, 2u, 3u, 4u]).Pool, new SeedSequence([1u, 2u, 3u, 4u, 5u]).Pool);
    }

    [Fact]
    public void Uint64_state_pairs_the_uint32_words_low_first()
    {
        var s = new SeedSequence(7);
        var w = s.GenerateState32(4);
        var q = s.GenerateState64(2);
        Assert.Equal(w[0] | ((ulong)w[1] << 32), q[0]);
        Assert.Equal(w[2] | ((ulong)w[3] << 32), q[1]);
    }

    [Fact]
    public void Negative_seed_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSequence(-1));
        Assert.Throws<ArgumentException>(() => new SeedSequence(ReadOnlySpan<uint>.Empty));
    }
}
