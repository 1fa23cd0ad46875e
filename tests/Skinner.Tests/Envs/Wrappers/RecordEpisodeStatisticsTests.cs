using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class RecordEpisodeStatisticsTests
{
    [Fact]
    public void TheEndingStepCarriesTheEpisodesReturnAndLength()
    {
        using var env = new RecordEpisodeStatistics(new RandomWalkEnv(), bufferLength: 3);
        var returns = new List<double>();
        var lengths = new List<int>();
        env.Reset(seed: 5);
        double sum = 0;
        int length = 0;
        int t = 0;
        while (returns.Count < 6)
        {
            var r = env.Step([t++ % 3 == 0 ? 0 : 1]);
            sum += r.Reward;
            length++;
            if (!r.Done)
            {
                Assert.False(r.Info!.ContainsKey(RecordEpisodeStatistics.InfoKey));
                continue;
            }
            var stats = Assert.IsType<EpisodeStatistics>(r.Info![RecordEpisodeStatistics.InfoKey]);
            Assert.Equal(sum, stats.Return);
            Assert.Equal(length, stats.Length);
            Assert.True(stats.Time >= 0);
            // The inner environment's own info survives.
            Assert.Equal(length, r.Info["steps"]);
            returns.Add(sum);
            lengths.Add(length);
            sum = 0;
            length = 0;
            env.Reset();
        }
        Assert.Equal(6, env.EpisodeCount);
        Assert.Equal(returns[^3..], env.ReturnQueue);
        Assert.Equal(lengths[^3..], env.LengthQueue);
        Assert.Equal(3, env.TimeQueue.Count);
    }

    [Fact]
    public void ANullInfoBecomesANewInfoOnlyOnTheLastStep()
    {
        var script = new float[][] { [0], [1], [2], [3] };
        using var env = new RecordEpisodeStatistics(new ScriptedEnv(script, [1.5, 2.5, 4], [false, true, false]));
        env.Reset();
        Assert.Null(env.Step([0]).Info);
        var last = env.Step([0]);
        Assert.Equal(new EpisodeStatistics(4, 2, ((EpisodeStatistics)last.Info![RecordEpisodeStatistics.InfoKey]).Time), last.Info["episode"]);
    }

    [Fact]
    public void ResetStartsTheCountAgain()
    {
        var script = new float[][] { [0], [1], [2], [3], [4] };
        using var env = new RecordEpisodeStatistics(new ScriptedEnv(script, [10, 20, 30, 40], [false, false, false, true]));
        env.Reset();
        env.Step([0]);
        env.Step([0]);
        env.Reset();
        env.Step([0]);
        var stats = (EpisodeStatistics)env.Step([0]).Info![RecordEpisodeStatistics.InfoKey];
        Assert.Equal(70, stats.Return);
        Assert.Equal(2, stats.Length);
    }
}
