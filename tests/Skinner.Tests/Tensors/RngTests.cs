using Skinner.Tensors;

namespace Skinner.Tests.Tensors;

public class RngTests
{
    [Fact]
    public void SameSeedSameStreamAndStateRestores()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 10; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        a.NextNormal();
        var state = a.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => a.NextNormal()).ToArray();
        var c = new Rng(0);
        c.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => c.NextNormal()).ToArray());
        Assert.NotEqual(new Rng(1).NextUInt64(), new Rng(2).NextUInt64());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(257)]
    public void NextDoublesIsTheStreamOfNextDouble(int count)
    {
        var one = new Rng(9);
        var bulk = new Rng(9);
        one.NextNormal();
        bulk.NextNormal();
        var expected = Enumerable.Range(0, count).Select(_ => one.NextDouble()).ToArray();
        var got = new double[count];
        bulk.NextDoubles(got);
        Assert.Equal(expected, got);
        Assert.Equal(one.GetState(), bulk.GetState());
        Assert.Equal(one.NextNormal(), bulk.NextNormal());
    }

    [Fact]
    public void NextIntIsUniformAndInRange()
    {
        var rng = new Rng(3);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void NormalHasUnitVariance()
    {
        var rng = new Rng(4);
        double s = 0, s2 = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextNormal();
            s += x;
            s2 += x * x;
        }
        Assert.InRange(s / n, -0.01, 0.01);
        Assert.InRange(s2 / n, 0.98, 1.02);
    }
}
