using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class ClipActionTests
{
    [Fact]
    public void ClipsEachElementIntoTheInnerBox()
    {
        using var env = new ClipAction(new EchoEnv(low: -2, high: 2));
        env.Reset();
        Assert.Equal([2f, -2f], env.Step([5f, -7f]).Observation);
        Assert.Equal([1.5f, float.Epsilon], env.Step([1.5f, float.Epsilon]).Observation);
        Assert.Equal([2f, -2f], env.Step([float.PositiveInfinity, float.NegativeInfinity]).Observation);
    }

    [Fact]
    public void ShowsAnUnboundedBoxOfTheSameShape()
    {
        using var env = new ClipAction(new EchoEnv(size: 3));
        var box = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal([3], box.Shape);
        Assert.All(box.Low, v => Assert.Equal(float.NegativeInfinity, v));
        Assert.All(box.High, v => Assert.Equal(float.PositiveInfinity, v));
    }

    [Fact]
    public void RefusesNaNWrongLengthsAndDiscreteSpaces()
    {
        using var env = new ClipAction(new EchoEnv());
        env.Reset();
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => env.Step([float.NaN, 0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => env.Step([0f]));
        Assert.Throws<ArgumentException>(() => new ClipAction(new RandomWalkEnv()));
    }
}
