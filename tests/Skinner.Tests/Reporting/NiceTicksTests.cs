using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public class NiceTicksTests
{
    [Theory]
    [InlineData(0, 233_000, 6, 0, 250_000, 50_000)]
    [InlineData(8, 500, 6, 0, 500, 100)]
    [InlineData(0.0017, 0.052, 6, 0, 0.06, 0.01)]
    [InlineData(-1.3, 2.2, 6, -2, 3, 1)]
    [InlineData(-1.3, 2.2, 8, -1.5, 2.5, 0.5)]
    [InlineData(255, 500, 5, 250, 500, 50)]
    [InlineData(-200, -10, 4, -200, 0, 50)]
    public void StepsAreOneTwoOrFiveTimesAPowerOfTenAndCoverTheData(double min, double max, int target, double lo, double hi, double step)
    {
        var t = NiceTicks.For(min, max, target);
        Assert.Equal(step, t.Step, 12);
        Assert.Equal(lo, t.Min, 9);
        Assert.Equal(hi, t.Max, 9);
        Assert.True(t.Min <= min && t.Max >= max);
        Assert.Equal((int)Math.Round((hi - lo) / step) + 1, t.Values.Count);
    }

    [Fact]
    public void AFlatSeriesStillGetsAnAxis()
    {
        var t = NiceTicks.For(500, 500);
        Assert.True(t.Min < 500 && t.Max > 500);
        var zero = NiceTicks.For(0, 0);
        Assert.True(zero.Min < 0 && zero.Max > 0);
    }

    [Fact]
    public void LabelsUseTheStepsDecimalsAndShortSuffixes()
    {
        var steps = NiceTicks.For(0, 233_000);
        Assert.Equal(["0", "50k", "100k", "150k", "200k", "250k"], steps.Values.Select(steps.Format));
        var small = NiceTicks.For(0.0017, 0.052);
        Assert.Equal("0.03", small.Format(small.Values[3]));
        var mid = NiceTicks.For(-1.3, 2.2, 8);
        Assert.Equal(["-1.5", "-1.0", "-0.5", "0", "0.5"], mid.Values.Take(5).Select(mid.Format));
        var millions = NiceTicks.For(0, 3_000_000);
        Assert.Equal("1.5M", millions.Format(1_500_000));
        var plain = NiceTicks.For(0, 5000);
        Assert.Equal("5000", plain.Format(5000));
    }

    [Fact]
    public void NonFiniteRangesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => NiceTicks.For(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => NiceTicks.For(0, double.PositiveInfinity));
    }
}
