using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class RescaleActionTests
{
    [Fact]
    public void MapsTheAgentsRangeAffinelyOntoTheInnerBox()
    {
        // Inner [-2, 2], outer [0, 1]: a -> -2 + 4a.
        using var env = new RescaleAction(new EchoEnv(low: -2, high: 2), 0f, 1f);
        env.Reset();
        Assert.Equal([-2f, 2f], env.Step([0f, 1f]).Observation);
        Assert.Equal([-1f, 0f], env.Step([0.25f, 0.5f]).Observation);
        var box = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal([0f, 0f], box.Low);
        Assert.Equal([1f, 1f], box.High);
    }

    [Fact]
    public void TakesPerElementBoundsAndClipsBeyondThem()
    {
        // Element 0: [-1, 1] -> [-2, 2] (a -> 2a); element 1: [10, 20] -> [-2, 2] (a -> -2 + 0.4 (a - 10)).
        using var env = new RescaleAction(new EchoEnv(low: -2, high: 2), [-1f, 10f], [1f, 20f]);
        env.Reset();
        var obs = env.Step([0.5f, 15f]).Observation;
        Assert.Equal(1f, obs[0]);
        Assert.Equal(0f, obs[1], 6);
        Assert.Equal([2f, -2f], env.Step([3f, 0f]).Observation);
    }

    [Fact]
    public void RefusesUnboundedInnerBoxesEmptyRangesAndNaN()
    {
        Assert.Throws<ArgumentException>(() => new RescaleAction(new EchoEnv(float.NegativeInfinity, float.PositiveInfinity), -1f, 1f));
        Assert.Throws<ArgumentException>(() => new RescaleAction(new EchoEnv(), 1f, 1f));
        Assert.Throws<ArgumentException>(() => new RescaleAction(new EchoEnv(), [0f], [1f]));
        Assert.Throws<ArgumentException>(() => new RescaleAction(new RandomWalkEnv(), 0f, 1f));
        using var env = new RescaleAction(new EchoEnv(), 0f, 1f);
        env.Reset();
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN, 0f]));
    }
}
