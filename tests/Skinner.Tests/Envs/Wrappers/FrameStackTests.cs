using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class FrameStackTests
{
    [Fact]
    public void StacksTheLastObservationsOldestFirstAndPadsWithTheResetOne()
    {
        var script = Enumerable.Range(0, 8).Select(i => new float[] { i, -i }).ToArray();
        using var env = new FrameStack(new ScriptedEnv(script), 3);
        Assert.Equal([0f, 0, 0, 0, 0, 0], env.Reset().Observation);
        Assert.Equal([0f, 0, 0, 0, 1, -1], env.Step([0]).Observation);
        Assert.Equal([0f, 0, 1, -1, 2, -2], env.Step([0]).Observation);
        Assert.Equal([1f, -1, 2, -2, 3, -3], env.Step([0]).Observation);
        Assert.Equal([2f, -2, 3, -3, 4, -4], env.Step([0]).Observation);
        // The scripted env resets to its current observation (4); the stack starts again from it.
        Assert.Equal([4f, -4, 4, -4, 4, -4], env.Reset().Observation);
        Assert.Equal([4f, -4, 4, -4, 5, -5], env.Step([0]).Observation);
    }

    [Fact]
    public void TheSpaceGainsALeadingStackAxis()
    {
        using var env = new FrameStack(new RandomWalkEnv(), 4);
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([4, 3], box.Shape);
        Assert.Equal(12, box.FlatSize);
        Assert.Equal(-6f, box.Low[9]);
        Assert.Equal(10_000f, box.High[11]);
    }

    [Fact]
    public void EveryObservationIsAFreshArray()
    {
        using var env = new FrameStack(new RandomWalkEnv(), 2);
        var a = env.Reset(seed: 1).Observation;
        var copy = (float[])a.Clone();
        var b = env.Step([1]).Observation;
        Assert.NotSame(a, b);
        Assert.Equal(copy, a);
    }

    [Fact]
    public void ASizeOfOneIsTheIdentityAndZeroIsRefused()
    {
        var script = new float[][] { [5], [6] };
        using var env = new FrameStack(new ScriptedEnv(script), 1);
        Assert.Equal([5f], env.Reset().Observation);
        Assert.Equal([6f], env.Step([0]).Observation);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameStack(new ScriptedEnv(script), 0));
    }
}
