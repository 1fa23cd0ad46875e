using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class TransformObservationTests
{
    [Fact]
    public void AppliesTheFunctionOnResetAndStep()
    {
        var script = new float[][] { [1, 2], [3, 4] };
        var sums = new Box(float.NegativeInfinity, float.PositiveInfinity, 1);
        using var env = new TransformObservation(new ScriptedEnv(script), o => [o[0] + o[1]], sums);
        Assert.Same(sums, env.ObservationSpace);
        Assert.Equal([3f], env.Reset().Observation);
        Assert.Equal([7f], env.Step([0]).Observation);
    }

    [Fact]
    public void ASizeThatDisagreesWithTheSpaceIsAnError()
    {
        var script = new float[][] { [1, 2], [3, 4] };
        using var env = new TransformObservation(new ScriptedEnv(script), o => [o[0]]);
        Assert.Contains("observation space", Assert.Throws<InvalidOperationException>(() => env.Reset()).Message, StringComparison.Ordinal);
    }
}
