using Skinner.Agents.A2c;
using Skinner.Agents.A3c;
using Skinner.Agents.Common;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class A3cTests
{
    private static float[] Weights(ActorCriticPolicy policy) => [.. policy.Parameters().SelectMany(p => p.Data)];

    [Theory]
    [InlineData("CartPole-v1", 5, OptimizerKind.Rmsprop, GaussianHead.StateIndependentLogStd, false)]
    [InlineData("Pendulum-v1", 8, OptimizerKind.Adam, GaussianHead.TanhMeanSoftplusStd, false)]
    [InlineData("Pendulum-v1", 8, OptimizerKind.Rmsprop, GaussianHead.StateIndependentLogStd, true)]
    public void OneWorkerEqualsOneEnvironmentA2cBitForBit(string env, int nSteps, OptimizerKind optimizer, GaussianHead head, bool sde)
    {
        int freq = sde ? 3 : -1;
        var a3c = new A3c(EnvRegistry.Make(env), new A3cOptions
        {
            Workers = 1, NSteps = nSteps, Optimizer = optimizer, GaussianHead = head, NetArch = [16], EntCoef = 0.01, SharedNetwork = true,
            UseSde = sde, SdeSampleFreq = freq,
        }, seed: 5);
        var a2c = new A2c(EnvRegistry.Make(env), new A2cOptions
        {
            NEnvs = 1, NSteps = nSteps, Optimizer = optimizer, GaussianHead = head, NetArch = [16], EntCoef = 0.01, SharedNetwork = true,
            UseSde = sde, SdeSampleFreq = freq,
        }, seed: 5);
        a3c.Learn(nSteps * 60, [], NullMetricSink.Instance);
        a2c.Learn(nSteps * 60, [], NullMetricSink.Instance);
        Assert.Equal(a2c.Steps, a3c.Steps);
        Assert.Equal(Weights(a2c.Policy), Weights(a3c.Policy));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SeveralWorkersShareOneGlobalNetwork(bool lockFree)
    {
        var agent = new A3c(EnvRegistry.Make("CartPole-v1"), new A3cOptions { Workers = 3, LockFree = lockFree, NetArch = [16] }, seed: 6);
        var before = Weights(agent.Policy);
        var episodes = new CountEpisodes();
        agent.Learn(3000, [episodes], NullMetricSink.Instance);
        Assert.InRange(agent.Steps, 3000, 3000 + 3 * 5);
        Assert.NotEqual(before, Weights(agent.Policy));
        Assert.True(episodes.Count > 10);
        Assert.All(Weights(agent.Policy), w => Assert.True(float.IsFinite(w)));
        // Workers hand their gradients to the shared optimiser; none is left on the global network for another to read.
        Assert.All(agent.Policy.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void SeveralWorkersReportTheirStepsToCallbacksInOrder()
    {
        // Three workers on fewer cores are often preempted: a step counted by one worker must not reach the callbacks
        // after a later step of another (a progress line would go back, an every-N-steps callback would fire late).
        var agent = new A3c(EnvRegistry.Make("CartPole-v1"), new A3cOptions { Workers = 3, NetArch = [16] }, seed: 8);
        var seen = new RecordSteps();
        agent.Learn(20_000, [seen], NullMetricSink.Instance);
        Assert.Equal(agent.Steps, seen.Steps.Count);
        for (int i = 0; i < seen.Steps.Count; i++)
            Assert.True(seen.Steps[i] == i + 1, $"call {i + 1} saw step {seen.Steps[i]}");
    }

    [Fact]
    public void OneWorkerLearnsTheIdentityTask()
    {
        var agent = new A3c(new IdentityEnv(), new A3cOptions { Workers = 1, Gamma = 0, LearningRate = 3e-3, EntCoef = 0, NetArch = [32] }, seed: 7);
        agent.Learn(3000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(), o => agent.Act(o, true), 10, seed: 99);
        Assert.True(eval.MeanReturn >= 9.5, $"mean return {eval.MeanReturn} < 9.5 of 10");
    }

    [Fact]
    public void SeveralWorkersNeedARegisteredEnvironment()
    {
        var e = Assert.Throws<ArgumentException>(() => new A3c(new IdentityEnv(), new A3cOptions { Workers = 2 }, 0));
        Assert.Contains("workers", e.Message, StringComparison.Ordinal);
    }

    private sealed class RecordSteps : Callback
    {
        public List<long> Steps { get; } = [];

        public override bool OnStep(TrainingState state)
        {
            Steps.Add(state.Steps);
            return true;
        }
    }

    private sealed class CountEpisodes : Callback
    {
        public int Count { get; private set; }

        public override void OnEpisodeEnd(TrainingState state) => Count++;
    }
}
