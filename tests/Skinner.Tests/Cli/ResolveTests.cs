using Skinner.Agents.Dqn;
using Skinner.Cli;

namespace Skinner.Tests.Cli;

public class ResolveTests
{
    [Fact]
    public void LayersDefaultsTunedConfigFileSetAndSteps()
    {
        string file = Path.Combine(Path.GetTempPath(), $"skinner-cfg-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "batch_size: 32\nn_timesteps: 1234\ngamma: 0.9\n");
        try
        {
            var c = Resolve.Run("dqn", "CartPole-v1", null, file, ["gamma=0.5"], null, seed: 3);
            var o = (DqnOptions)c.Options;
            Assert.Equal(2.3e-3, o.LearningRate);      // from configs/dqn.yaml [CartPole-v1]
            Assert.Equal(32, o.BatchSize);             // the file overrides the tuned 64
            Assert.Equal(0.5, o.Gamma);                // --set overrides the file
            Assert.Equal(1234, c.Steps);               // the file's n_timesteps
            Assert.Equal(3, c.Seed);
            Assert.Equal(99, Resolve.Run("dqn", "CartPole-v1", null, file, [], 99, 0).Steps);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheSwingupGetsItsTunedA3cSettings()
    {
        var c = Resolve.Run("a3c", "InvertedPendulumSwingup-v0", null, null, [], null, 0);
        var o = (Skinner.Agents.A3c.A3cOptions)c.Options;
        Assert.Equal(32, o.NSteps);
        Assert.Equal(0.95, o.GaeLambda);
        Assert.Equal(-1, o.LogStdInit);
        Assert.Equal(3_000_000, c.Steps);
    }

    [Fact]
    public void PresetsCarryTheirEnvironmentAndSettings()
    {
        var c = Resolve.Run(null, null, "seed000-dqn-cartpole", null, [], null, 0);
        Assert.Equal("dqn", c.Algorithm);
        Assert.Equal("CartPole-v0", c.Env);
        Assert.Equal([32], ((DqnOptions)c.Options).NetArch);
        Assert.Throws<UsageException>(() => Resolve.Run("dqn", "Pendulum-v1", "seed000-dqn-cartpole", null, [], null, 0));
    }

    [Fact]
    public void EveryPresetResolvesAndBuildsItsAgent()
    {
        Assert.NotEmpty(Catalog.Presets);
        foreach (var preset in Catalog.Presets.Values)
        {
            var c = Resolve.Run(null, null, preset.Name, null, [], null, 0);
            using var env = Skinner.Envs.Envs.Make(c.Env);
            var agent = Catalog.Algorithm(c.Algorithm).Create(env, c.Options, 0);
            Assert.Equal(c.Algorithm, agent.Algorithm);
        }
    }

    [Fact]
    public void UnknownNamesAreClearErrors()
    {
        Assert.Contains("dqn", Assert.Throws<UsageException>(() => Resolve.Run("dqm", "CartPole-v1", null, null, [], null, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("CartPole-v1", Assert.Throws<ArgumentException>(() => Resolve.Run("dqn", "CartPole-v9", null, null, [], null, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => Resolve.Run("dqn", "CartPole-v1", "no-such-preset", null, [], null, 0));
        Assert.Throws<UsageException>(() => Resolve.Run("dqn", "CartPole-v1", null, null, ["gamma"], null, 0));
    }
}
