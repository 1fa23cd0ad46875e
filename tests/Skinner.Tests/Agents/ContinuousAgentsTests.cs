using Skinner.Agents;
using Skinner.Agents.Common;
using Skinner.Agents.Ddpg;
using Skinner.Agents.Sac;
using Skinner.Agents.Td3;
using Skinner.Envs;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class ContinuousAgentsTests
{
    public static TheoryData<string> Algorithms => ["ddpg", "td3", "sac"];

    private static IAgent Make(string algo, IEnv env, long seed) => algo switch
    {
        "ddpg" => new Ddpg(env, new DdpgOptions { NetArch = [16, 16], BufferSize = 2000, LearningStarts = 50, BatchSize = 16, Noise = NoiseKind.OrnsteinUhlenbeck }, seed),
        "td3" => new Td3(env, new Td3Options { NetArch = [16, 16], BufferSize = 2000, LearningStarts = 50, BatchSize = 16 }, seed),
        _ => new Sac(env, new SacOptions { NetArch = [16, 16], BufferSize = 2000, LearningStarts = 50, BatchSize = 16 }, seed),
    };

    // The greedy actions on fixed observations: equal for equal weights.
    private static float[] Probe(IAgent agent)
    {
        var rng = new Skinner.Tensors.Rng(123);
        return [.. Enumerable.Range(0, 16).SelectMany(_ => agent.Act([(float)rng.Uniform(-1, 1), (float)rng.Uniform(-1, 1), (float)rng.Uniform(-8, 8)], deterministic: true))];
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SameSeedGivesTheSameRunAndOtherSeedsDiffer(string algo)
    {
        float[] Run(long seed)
        {
            var agent = Make(algo, EnvRegistry.Make("Pendulum-v1"), seed);
            agent.Learn(400, [], NullMetricSink.Instance);
            return Probe(agent);
        }
        var a = Run(5);
        Assert.Equal(a, Run(5));
        Assert.NotEqual(a, Run(6));
    }

    private sealed class StopAt(long step) : Callback
    {
        public override bool OnStep(TrainingState state) => state.Steps < step;
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void AResumedRunContinuesExactly(string algo)
    {
        var straight = Make(algo, EnvRegistry.Make("Pendulum-v1"), 8);
        straight.Learn(500, [], NullMetricSink.Instance);
        string path = Path.Combine(Path.GetTempPath(), $"skinner-{algo}-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            var first = Make(algo, EnvRegistry.Make("Pendulum-v1"), 8);
            first.Learn(500, [new StopAt(333)], NullMetricSink.Instance);
            first.Save(path);
            var resumed = Make(algo, EnvRegistry.Make("Pendulum-v1"), 8);
            resumed.Load(path);
            Assert.Equal(333, resumed.Steps);
            resumed.Learn(500, [], NullMetricSink.Instance);
            Assert.Equal(Probe(straight), Probe(resumed));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".state");
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void DiscreteEnvironmentsAreRefusedClearly(string algo)
    {
        var e = Assert.Throws<ArgumentException>(() => Make(algo, EnvRegistry.Make("CartPole-v1"), 0));
        Assert.Contains("continuous", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionsStayWithinTheEnvironmentsBounds()
    {
        var agent = Make("sac", EnvRegistry.Make("Pendulum-v1"), 1);
        agent.Learn(100, [], NullMetricSink.Instance);
        var rng = new Skinner.Tensors.Rng(2);
        for (int i = 0; i < 200; i++)
        {
            var a = agent.Act([(float)rng.Uniform(-1, 1), (float)rng.Uniform(-1, 1), (float)rng.Uniform(-8, 8)], deterministic: i % 2 == 0);
            Assert.InRange(a[0], -2f, 2f);
        }
    }
}
