using Skinner.Agents.Common;
using Skinner.Agents.Reinforce;
using Skinner.Envs;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class ReinforceTests
{
    private static float[] Weights(Reinforce agent) =>
        agent.Logistic is { } l ? [.. l.Theta.Data] : [.. agent.Network!.Parameters().SelectMany(p => p.Data)];

    [Fact]
    public void LogisticPolicyLearnsTheTwoClassIdentityTask()
    {
        var options = new ReinforceOptions { Policy = ReinforcePolicy.Logistic, LearningRate = 0.05, Gamma = 0.0, Baseline = ReinforceBaseline.RunningMean };
        var agent = new Reinforce(new IdentityEnv(2), options, seed: 1);
        agent.Learn(3000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(2), o => agent.Act(o, true), 10, seed: 99);
        Assert.Equal(10.0, eval.MeanReturn);
    }

    [Theory]
    [InlineData(ReinforceBaseline.None, true)]
    [InlineData(ReinforceBaseline.Value, false)]
    public void NetworkPolicyLearnsTheIdentityTask(ReinforceBaseline baseline, bool normalize)
    {
        var options = new ReinforceOptions { LearningRate = 1e-2, Gamma = 0.0, Baseline = baseline, NormalizeReturns = normalize, NetArch = [32] };
        var agent = new Reinforce(new IdentityEnv(), options, seed: 2);
        agent.Learn(4000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(), o => agent.Act(o, true), 10, seed: 99);
        Assert.True(eval.MeanReturn >= 9.5, $"mean return {eval.MeanReturn} < 9.5 of 10");
    }

    [Theory]
    [InlineData(ReinforcePolicy.Logistic)]
    [InlineData(ReinforcePolicy.Mlp)]
    public void SameSeedGivesTheSameWeightsBitForBit(ReinforcePolicy policy)
    {
        float[] Run()
        {
            var agent = new Reinforce(EnvRegistry.Make("CartPole-v1"), new ReinforceOptions { Policy = policy, LearningRate = 0.002, NetArch = [16] }, seed: 3);
            agent.Learn(2000, [], NullMetricSink.Instance);
            return Weights(agent);
        }
        var first = Run();
        Assert.Equal(first, Run());
        var fresh = new Reinforce(EnvRegistry.Make("CartPole-v1"), new ReinforceOptions { Policy = policy, NetArch = [16] }, seed: 3);
        Assert.NotEqual(first, Weights(fresh));
    }

    [Fact]
    public void StopsAfterMaxEpisodes()
    {
        var options = new ReinforceOptions { Policy = ReinforcePolicy.Logistic, MaxEpisodes = 7 };
        var agent = new Reinforce(new IdentityEnv(2, length: 5), options, seed: 4);
        agent.Learn(1000, [], NullMetricSink.Instance);
        Assert.Equal(35, agent.Steps);
    }

    [Fact]
    public void RejectsImpossibleSettings()
    {
        var e = Assert.Throws<ArgumentException>(() => new Reinforce(new IdentityEnv(2), new ReinforceOptions { Policy = ReinforcePolicy.Logistic, Baseline = ReinforceBaseline.Value }, 0));
        Assert.Contains("baseline", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new Reinforce(new IdentityEnv(3), new ReinforceOptions { Policy = ReinforcePolicy.Logistic }, 0));
        Assert.Contains("two actions", e.Message, StringComparison.Ordinal);
    }
}
