using Skinner.Agents.Common;
using Skinner.Agents.Ppo;
using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests.Envs;

public class RegisterTests
{
    // Ids of this class's own, so that other tests that go over every registered id meet a well-behaved environment.
    private static string NewId() => $"test:Registered{Guid.NewGuid():N}-v0";

    [Fact]
    public void ARegisteredEnvironmentIsMadeWithItsTimeLimitAndCopiedForVectorsAndAgents()
    {
        string id = NewId();
        int built = 0;
        Registry.Register(new EnvSpec(id, () => { Interlocked.Increment(ref built); return new RandomWalkEnv(); }, 7, 5.0, "a random walk of our own"));

        var spec = Registry.Spec(id);
        Assert.Equal(7, spec.MaxEpisodeSteps);
        Assert.Equal(5.0, spec.RewardThreshold);
        Assert.Contains(Registry.Specs, s => s.Id == id);

        using (var env = Registry.Make(id))
        {
            Assert.IsType<TimeLimit>(env);
            Assert.Same(spec, env.Spec);
            env.Reset(seed: 1);
            StepResult last = default;
            for (int t = 0; t < 7 && !last.Done; t++) last = env.Step([1f]);
            Assert.True(last.Done, "the registered 7-step limit ends the episode");
        }
        Assert.True(EnvChecker.CheckRegistered(id, steps: 30).Passed);

        using (var vec = VectorEnvs.Make(id, 3))
        {
            vec.Reset(seed: 2);
            Assert.Equal(3 * vec.ObservationSize, vec.Observations.Length);
        }

        // An agent with n_envs copies makes them from the registration.
        int before = built;
        var agent = new Ppo(Registry.Make(id), new PpoOptions { NEnvs = 4, NSteps = 8, BatchSize = 16, NEpochs = 1, NetArch = [8] }, seed: 3);
        agent.Learn(64, [], NullMetricSink.Instance);
        Assert.Equal(before + 4, built);
        Assert.True(agent.Steps >= 64);
    }

    [Fact]
    public void AnIdCanBeRegisteredOnceAndBadSpecsAreRefused()
    {
        string id = NewId();
        Registry.Register(new EnvSpec(id, () => new RandomWalkEnv(), null, null, "once"));
        var twice = Assert.Throws<ArgumentException>(() => Registry.Register(new EnvSpec(id, () => new RandomWalkEnv(), null, null, "twice")));
        Assert.Contains("already registered", twice.Message, StringComparison.Ordinal);
        Assert.Contains("once", Registry.Spec(id).Description, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Registry.Register(new EnvSpec(" ", () => new RandomWalkEnv(), null, null, "")));
        var limit = Assert.Throws<ArgumentException>(() => Registry.Register(new EnvSpec(NewId(), () => new RandomWalkEnv(), 0, null, "")));
        Assert.Contains("time limit", limit.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Registry.Register(new EnvSpec("CartPole-v1", () => new RandomWalkEnv(), 500, 475, "")));
        Assert.IsType<Skinner.Envs.Classic.CartPole>(Registry.Spec("CartPole-v1").Factory());
    }
}
