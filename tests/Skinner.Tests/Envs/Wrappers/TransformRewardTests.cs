using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class TransformRewardTests
{
    [Fact]
    public void AppliesTheFunctionToEveryReward()
    {
        var script = new float[][] { [0], [1], [2] };
        using var env = new TransformReward(new ScriptedEnv(script, [3, -4]), r => 2 * r + 1);
        env.Reset();
        Assert.Equal(7, env.Step([0]).Reward);
        Assert.Equal(-7, env.Step([0]).Reward);
    }
}
