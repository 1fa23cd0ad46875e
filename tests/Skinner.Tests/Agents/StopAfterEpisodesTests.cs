using Skinner.Agents.Common;
using Skinner.Agents.Dqn;
using Skinner.Agents.Ppo;
using Skinner.Agents.Reinforce;
using Skinner.Envs.Vector;

namespace Skinner.Tests.Agents;

public class StopAfterEpisodesTests
{
    // IdentityEnv episodes last exactly 10 steps here, so an episode budget is a known step count.
    private static Dqn TenStepDqn(long seed) =>
        new(new IdentityEnv(length: 10), new DqnOptions { LearningStarts = 5, BatchSize = 4, NetArch = [8] }, seed);

    [Fact]
    public void DqnStopsAtTheEndOfTheLastEpisode()
    {
        var agent = TenStepDqn(seed: 1);
        var stop = new StopAfterEpisodes(3);
        agent.Learn(1_000, [stop], NullMetricSink.Instance);
        Assert.Equal(30, agent.Steps);
        Assert.Equal(3, stop.Episodes);
    }

    [Fact]
    public void ReinforceStopsAtTheEndOfTheLastEpisode()
    {
        var agent = new Reinforce(new IdentityEnv(length: 7), new ReinforceOptions { NetArch = [8] }, seed: 2);
        agent.Learn(1_000, [new StopAfterEpisodes(4)], NullMetricSink.Instance);
        Assert.Equal(28, agent.Steps);
    }

    [Fact]
    public void EpisodesOfEveryVectorEnvironmentCount()
    {
        // Four copies finish an episode together every 10 steps: 8 episodes end at the second boundary (80 steps),
        // where the run stops mid-rollout without learning from the partial rollout.
        var envs = new SyncVectorEnv(() => new IdentityEnv(length: 10), 4, AutoresetMode.SameStep);
        var agent = new Ppo(envs, new PpoOptions { NEnvs = 4, NSteps = 32, BatchSize = 64, NetArch = [8] }, seed: 3);
        var stop = new StopAfterEpisodes(8);
        agent.Learn(10_000, [stop], NullMetricSink.Instance);
        Assert.Equal(80, agent.Steps);
        Assert.Equal(8, stop.Episodes);
    }

    [Fact]
    public void ABudgetCountsFromTheStartOfEachRun()
    {
        var agent = TenStepDqn(seed: 4);
        var stop = new StopAfterEpisodes(2);
        agent.Learn(1_000, [stop], NullMetricSink.Instance);
        agent.Learn(1_000, [stop], NullMetricSink.Instance);
        Assert.Equal(40, agent.Steps);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ABudgetMustBePositive(long episodes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StopAfterEpisodes(episodes));
}
