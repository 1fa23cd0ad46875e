using Skinner.Reporting.Plots;

namespace Skinner.Tests.Reporting;

public class HistogramTests
{
    [Fact]
    public void CountsHandComputedBinsWithTheLastBinClosed()
    {
        var h = Histogram.Of([0, 1, 1.9, 2, 3.99, 4, double.NaN], bins: 4);
        Assert.Equal([0, 1, 2, 3, 4], h.Edges);
        Assert.Equal([1, 2, 1, 2], h.Counts);   // 4 is the maximum: it falls in the last bin
    }

    [Fact]
    public void DefaultBinCountIsTheSquareRootWithinLimits()
    {
        Assert.Equal(10, Histogram.Of([.. Enumerable.Range(0, 100).Select(i => (double)i)]).Counts.Length);
        Assert.Equal(5, Histogram.Of([1, 2, 3]).Counts.Length);
        Assert.Equal(50, Histogram.Of([.. Enumerable.Range(0, 10_000).Select(i => (double)i)]).Counts.Length);
    }

    [Fact]
    public void EqualValuesGetOneUnitAroundThem()
    {
        var h = Histogram.Of([500, 500, 500], bins: 1);
        Assert.Equal([499.5, 500.5], h.Edges);
        Assert.Equal([3], h.Counts);
    }

    [Fact]
    public void NoFiniteValueIsAnError() =>
        Assert.Throws<ArgumentException>(() => Histogram.Of([double.NaN]));
}
