using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

public class LegacyRandomStateTests
{
    [Fact]
    public void MatchesTheReferenceMersenneTwister()
    {
        // The reference outputs of genrand_int32 after init_genrand(5489) (also C++'s std::mt19937 check).
        var rng = new LegacyRandomState(5489);
        Assert.Equal(3499211612u, rng.NextUInt32());
        rng.Skip(9998);
        Assert.Equal(4123659995u, rng.NextUInt32());
        Assert.Equal(10000, rng.WordsDrawn);
    }

    [Fact]
    public void RandMatchesNumPyRandomState()
    {
        // numpy.random.RandomState(0).rand(3)
        var rng = new LegacyRandomState(0);
        Assert.Equal(0.5488135039273248, rng.Rand());
        Assert.Equal(0.7151893663724195, rng.Rand());
        Assert.Equal(0.6027633760716439, rng.Rand());
        Assert.Equal(6, rng.WordsDrawn);
    }

    [Fact]
    public void RandBuildsA53BitDoubleFromTwoWords()
    {
        var rng = new LegacyRandomState(7);
        var twin = new LegacyRandomState(7);
        for (int i = 0; i < 100; i++)
        {
            ulong a = twin.NextUInt32() >> 5, b = twin.NextUInt32() >> 6;
            Assert.Equal(((a << 26) | b) * Math.Pow(2, -53), rng.Rand());
        }
    }

    [Fact]
    public void RandIntOfOneDrawsNothing()
    {
        var rng = new LegacyRandomState(3);
        Assert.Equal(0, rng.RandInt(1));
        Assert.Equal(0, rng.WordsDrawn);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    public void RandIntMasksAndRejects(long n)
    {
        var rng = new LegacyRandomState(11);
        var twin = new LegacyRandomState(11);
        uint mask = (uint)(System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)n) - 1);
        for (int i = 0; i < 200; i++)
        {
            uint v;
            do v = twin.NextUInt32() & mask;
            while (v > n - 1);
            Assert.Equal(v, rng.RandInt(n));
            Assert.Equal(twin.WordsDrawn, rng.WordsDrawn);
        }
    }

    [Fact]
    public void RandIntWithBoundsShiftsTheRange()
    {
        var rng = new LegacyRandomState(5);
        var twin = new LegacyRandomState(5);
        for (int i = 0; i < 100; i++) Assert.Equal(1 + twin.RandInt(8), rng.RandInt(1, 9));
    }

    [Fact]
    public void SeedRestartsTheStream()
    {
        var rng = new LegacyRandomState(42);
        double first = rng.Rand();
        rng.Skip(1000);
        rng.Seed(42);
        Assert.Equal(0, rng.WordsDrawn);
        Assert.Equal(first, rng.Rand());
    }

    [Fact]
    public void RejectsAnEmptyRange()
    {
        var rng = new LegacyRandomState(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.RandInt(0));
    }
}
