using Skinner.Agents.A2c;
using Skinner.Agents.Common;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class A2cTests
{
    private static float[] Weights(A2c agent) => [.. agent.Policy.Parameters().SelectMany(p => p.Data)];

    [Fact]
    public void LearnsTheIdentityTask()
    {
        var options = new A2cOptions { Gamma = 0.0, LearningRate = 3e-3, EntCoef = 0.0, NetArch = [32] };
        var agent = new A2c(new IdentityEnv(), options, seed: 1);
        agent.Learn(3000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(), o => agent.Act(o, true), 10, seed: 99);
        Assert.True(eval.MeanReturn >= 9.5, $"mean return {eval.MeanReturn} < 9.5 of 10");
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 4.0)]
    public void BootstrapsOnTruncationButNotOnTermination(bool truncate, double expected)
    {
        // γ = 0.75: V = 1 when every step terminates, V = 1 + 0.75 V = 4 when episodes are only truncated.
        var options = new A2cOptions { Gamma = 0.75, NSteps = 1, LearningRate = 1e-2, VfCoef = 1, MaxGradNorm = 0, NetArch = [16] };
        var agent = new A2c(new OneStepEnv(truncate), options, seed: 2);
        agent.Learn(3000, [], NullMetricSink.Instance);
        using var _ = Autograd.NoGrad();
        float v = agent.Policy.Value(new Tensor([1f], 1, 1)).Item();
        Assert.InRange(v, expected - 0.1, expected + 0.1);
    }

    [Theory]
    [InlineData("CartPole-v1", 4, false)]
    [InlineData("Pendulum-v1", 2, false)]
    [InlineData("Pendulum-v1", 2, true)]
    public void SameSeedGivesTheSameWeightsBitForBit(string env, int envs, bool sde)
    {
        float[] Run()
        {
            var options = new A2cOptions { NEnvs = envs, NetArch = [16], NormalizeObservation = true, NormalizeReward = true, UseSde = sde, SdeSampleFreq = sde ? 3 : -1 };
            var agent = new A2c(EnvRegistry.Make(env), options, seed: 3);
            agent.Learn(800, [], NullMetricSink.Instance);
            return Weights(agent);
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void RejectsImpossibleSettings()
    {
        var e = Assert.Throws<ArgumentException>(() => new A2c(new IdentityEnv(), new A2cOptions { NEnvs = 2 }, 0));
        Assert.Contains("n_envs", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new A2c(new IdentityEnv(), new A2cOptions { GaeLambda = 2 }, 0));
        Assert.Contains("gae_lambda", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new A2c(new IdentityEnv(), new A2cOptions { UseSde = true }, 0));
        Assert.Contains("use_sde", e.Message, StringComparison.Ordinal);
    }
}
