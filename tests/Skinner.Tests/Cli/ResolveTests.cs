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
    public void AnEpisodeBudgetResolvesInLayersAndTheFlagWins()
    {
        Assert.Null(Resolve.Run("dqn", "CartPole-v1", null, null, [], null, 0).MaxEpisodes);
        // The DQN tutorial's preset carries the document's 50 episodes; --max-episodes overrides it.
        Assert.Equal(50, Resolve.Run(null, null, "seed003-dqn-cartpole-pixels", null, [], null, 0).MaxEpisodes);
        Assert.Equal(7, Resolve.Run(null, null, "seed003-dqn-cartpole-pixels", null, [], null, 0, maxEpisodes: 7).MaxEpisodes);
        Assert.Equal(3, Resolve.Run(null, null, "seed003-dqn-cartpole-pixels", null, ["n_episodes=3"], null, 0).MaxEpisodes);

        string file = Path.Combine(Path.GetTempPath(), $"skinner-cfg-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(file, "n_episodes: 12\nhyperparams:\n  gamma: 0.9\n");
            var c = Resolve.Run("dqn", "CartPole-v1", null, file, [], null, 0);
            Assert.Equal(12, c.MaxEpisodes);
            Assert.Equal(0.9, ((DqnOptions)c.Options).Gamma); // the budget key is not taken for a hyperparameter

            foreach (string bad in new[] { "0", "-2", "2.5", "many" })
            {
                File.WriteAllText(file, $"n_episodes: {bad}\n");
                var e = Assert.Throws<UsageException>(() => Resolve.Run("dqn", "CartPole-v1", null, file, [], null, 0));
                Assert.Contains("'n_episodes'", e.Message, StringComparison.Ordinal);
                Assert.Contains(bad, e.Message, StringComparison.Ordinal);
            }
            Assert.Throws<UsageException>(() => Resolve.Run("dqn", "CartPole-v1", null, null, [], null, 0, maxEpisodes: 0));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ARunsConfigFileKeepsItsEpisodeBudget()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"skinner-run-{Guid.NewGuid():N}");
        try
        {
            var run = new RunDirectory(dir);
            var config = Resolve.Run("dqn", "CartPole-v1", null, null, ["gamma=0.5"], 2000, 4, maxEpisodes: 9);
            run.WriteConfig(config);
            Assert.Contains("n_episodes: 9", File.ReadAllText(run.Config), StringComparison.Ordinal);
            var again = Resolve.Run(null, null, null, run.Config, [], null, 4);
            Assert.Equal((config.Steps, config.MaxEpisodes), (again.Steps, again.MaxEpisodes));
            Assert.Equal(0.5, ((DqnOptions)again.Options).Gamma);

            run.WriteConfig(Resolve.Run("dqn", "CartPole-v1", null, null, [], 2000, 4));
            Assert.DoesNotContain("n_episodes", File.ReadAllText(run.Config), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
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
