using Skinner.Agents.Dqn;
using Skinner.Cli;

namespace Skinner.Tests.Cli;

public class OptionsBinderTests
{
    [Theory]
    [InlineData("LearningRate", "learning_rate")]
    [InlineData("NetArch", "net_arch")]
    [InlineData("DoubleDqn", "double_dqn")]
    [InlineData("NStep", "n_step")]
    public void KeysAreSnakeCase(string property, string key) => Assert.Equal(key, OptionsBinder.Key(property));

    [Fact]
    public void AppliesValuesOfEveryKind()
    {
        var o = OptionsBinder.Apply(new DqnOptions(), [
            new("learning_rate", "2.3e-3"), new("batch_size", "64"), new("net_arch", "[256, 256]"),
            new("double_dqn", "true"), new("exploration_schedule", "multiplicative_per_episode"), new("buffer_size", "1e5"),
        ], "test");
        Assert.Equal(2.3e-3, o.LearningRate);
        Assert.Equal(64, o.BatchSize);
        Assert.Equal([256, 256], o.NetArch);
        Assert.True(o.DoubleDqn);
        Assert.Equal(ExplorationSchedule.MultiplicativePerEpisode, o.ExplorationSchedule);
        Assert.Equal(100_000, o.BufferSize);
        Assert.Equal(new DqnOptions().Gamma, o.Gamma);
    }

    [Theory]
    [InlineData("lr", "learning_rate")]
    [InlineData("ent", "ent_coef")]
    [InlineData("batch", "batch_size")]
    [InlineData("learning_rat", "learning_rate")]
    [InlineData("gama", "gamma")]
    public void AnUnknownKeyIsAnsweredWithTheKeyItAbbreviatesOrMisspells(string given, string expected)
    {
        string[] keys = ["batch_size", "ent_coef", "gae_lambda", "gamma", "learning_rate", "n_envs", "n_steps", "vf_coef"];
        Assert.Equal(expected, OptionsBinder.CloseMatches(given, keys).First());
    }

    [Fact]
    public void UnknownKeysAndWrongTypesNameTheKey()
    {
        var e = Assert.Throws<UsageException>(() => OptionsBinder.Apply(new DqnOptions(), [new("learning_rat", "1")], "cfg.yaml"));
        Assert.Contains("learning_rat", e.Message, StringComparison.Ordinal);
        Assert.Contains("learning_rate", e.Message, StringComparison.Ordinal);
        Assert.Contains("cfg.yaml", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<UsageException>(() => OptionsBinder.Apply(new DqnOptions(), [new("batch_size", "sixty")], "--set"));
        Assert.Contains("batch_size", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<UsageException>(() => OptionsBinder.Apply(new DqnOptions(), [new("loss", "l3")], "--set"));
        Assert.Contains("huber", e.Message, StringComparison.Ordinal);
    }
}
