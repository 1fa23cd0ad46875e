using Skinner.Agents.Common;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

public class ReplayBufferTests
{
    [Fact]
    public void StoresTransitionsAndComputesBootstrapDiscounts()
    {
        var buf = new ReplayBuffer(4, observationSize: 2, actionSize: 1, gamma: 0.9);
        buf.Add([1, 2], [0], 1.5, [3, 4], terminated: false);
        buf.Add([5, 6], [1], -1, [7, 8], terminated: true);
        buf.Add([9, 9], [1], 0, [9, 9], terminated: false, steps: 3);
        var rng = new Rng(1);
        var batch = buf.Sample(64, rng);
        for (int b = 0; b < batch.Size; b++)
        {
            int i = batch.Indices[b];
            float expectedDiscount = i switch { 0 => 0.9f, 1 => 0f, _ => (float)Math.Pow(0.9, 3) };
            Assert.Equal(expectedDiscount, batch.Discounts[b]);
            Assert.Equal(i == 0 ? 1f : i == 1 ? 5f : 9f, batch.Observations[b * 2]);
            Assert.Equal(i == 0 ? 4f : i == 1 ? 8f : 9f, batch.NextObservations[b * 2 + 1]);
            Assert.Equal(1f, batch.Weights[b]);
        }
        Assert.Equal(3, batch.Indices.Distinct().Count());
    }

    [Fact]
    public void OverwritesTheOldestWhenFull()
    {
        var buf = new ReplayBuffer(3, 1, 1, 0.99);
        for (int t = 0; t < 5; t++) buf.Add([t], [0], t, [t], false);
        Assert.Equal(3, buf.Count);
        var batch = buf.Sample(200, new Rng(2));
        var seen = batch.Observations.Distinct().Order().ToArray();
        Assert.Equal([2f, 3f, 4f], seen);
    }

    [Fact]
    public void SamplingIsDeterministicUnderASeedAndReusesItsArrays()
    {
        var buf = new ReplayBuffer(100, 1, 1, 0.99);
        for (int t = 0; t < 100; t++) buf.Add([t], [0], 0, [t], false);
        var a = buf.Sample(16, new Rng(7)).Indices.ToArray();
        var first = buf.Sample(16, new Rng(7));
        Assert.Equal(a, first.Indices);
        var second = buf.Sample(16, new Rng(8));
        Assert.Same(first.Observations, second.Observations);
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        var buf = new ReplayBuffer(3, 2, 1, 0.99);
        Assert.Throws<InvalidOperationException>(() => buf.Sample(1, new Rng(0)));
        var e = Assert.Throws<ArgumentException>(() => buf.Add([1], [0], 0, [1, 2], false));
        Assert.Contains("2 floats", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(3, 2, 1, 1.5));
    }
}
