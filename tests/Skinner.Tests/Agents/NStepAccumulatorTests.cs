using Skinner.Agents.Common;

namespace Skinner.Tests.Agents;

public class NStepAccumulatorTests
{
    private readonly List<(float Obs, double Reward, float Next, bool Terminated, int Steps)> _out = [];

    private void Store(ReadOnlySpan<float> o, ReadOnlySpan<float> a, double r, ReadOnlySpan<float> n, bool term, int k) =>
        _out.Add((o[0], r, n[0], term, k));

    [Fact]
    public void EmitsThreeStepReturnsAndFlushesAtTermination()
    {
        var acc = new NStepAccumulator(3, 1, 1, gamma: 0.5);
        // Episode: s0 -r1-> s1 -r2-> s2 -r3-> s3 -r4-> s4 (terminal)
        for (int t = 0; t < 4; t++) acc.Add([t], [0], t + 1, [t + 1], terminated: t == 3, episodeOver: t == 3, Store);
        Assert.Equal(4, _out.Count);
        Assert.Equal((0f, 1 + 0.5 * 2 + 0.25 * 3, 3f, false, 3), _out[0]);
        Assert.Equal((1f, 2 + 0.5 * 3 + 0.25 * 4, 4f, true, 3), _out[1]);
        Assert.Equal((2f, 3 + 0.5 * 4, 4f, true, 2), _out[2]);
        Assert.Equal((3f, 4.0, 4f, true, 1), _out[3]);
    }

    [Fact]
    public void TruncationFlushesWithoutTerminating()
    {
        var acc = new NStepAccumulator(2, 1, 1, gamma: 1.0);
        acc.Add([0], [0], 1, [1], terminated: false, episodeOver: false, Store);
        acc.Add([1], [0], 1, [2], terminated: false, episodeOver: true, Store);
        Assert.All(_out, t => Assert.False(t.Terminated));
        Assert.Equal([2, 1], _out.Select(t => t.Steps));
        // The next episode starts clean.
        acc.Add([10], [0], 5, [11], false, false, Store);
        Assert.Equal(2, _out.Count);
    }

    [Fact]
    public void OneStepPassesThrough()
    {
        var acc = new NStepAccumulator(1, 1, 1, gamma: 0.9);
        acc.Add([0], [0], 2, [1], false, false, Store);
        Assert.Equal((0f, 2.0, 1f, false, 1), Assert.Single(_out));
    }
}
