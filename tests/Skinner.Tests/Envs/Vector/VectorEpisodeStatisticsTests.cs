using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Vector;

public class VectorEpisodeStatisticsTests
{
    [Theory]
    [InlineData(AutoresetMode.NextStep)]
    [InlineData(AutoresetMode.SameStep)]
    public void AgreesWithTheWrapperOnEveryEnvironment(AutoresetMode mode)
    {
        const int N = 5;
        using var venv = new SyncVectorEnv(() => new RecordEpisodeStatistics(new TimeLimit(new RandomWalkEnv(), 9)), N, mode);
        var stats = new VectorEpisodeStatistics(N, bufferLength: 7);
        venv.Reset(seed: 3);
        stats.Restart();
        var random = new Random(2);
        var actions = new float[N];
        var expected = new List<double>();
        for (int t = 0; t < 400; t++)
        {
            for (int i = 0; i < N; i++) actions[i] = random.Next(2);
            venv.Step(actions);
            var ended = stats.Update(venv);
            var fromInfos = Enumerable.Range(0, N)
                .Where(i => venv.Infos[i] is Info info && info.ContainsKey(RecordEpisodeStatistics.InfoKey) && !venv.Autoreset[i])
                .Select(i => (i, (EpisodeStatistics)venv.Infos[i]![RecordEpisodeStatistics.InfoKey]))
                .ToList();
            Assert.Equal(fromInfos.Select(e => (e.i, e.Item2.Return, e.Item2.Length)), ended.Select(e => (e.Env, e.Episode.Return, e.Episode.Length)));
            expected.AddRange(ended.Select(e => e.Episode.Return));
        }
        Assert.True(expected.Count > 50);
        Assert.Equal(expected.Count, stats.EpisodeCount);
        Assert.Equal(expected[^7..], stats.ReturnQueue);
    }

    [Fact]
    public void CountsCartPoleEpisodesAsTheWrapperDoes()
    {
        const int N = 8;
        using var fast = new CartPoleVectorEnv(N);
        using var sync = new SyncVectorEnv(() => new RecordEpisodeStatistics(Skinner.Envs.Envs.Make("CartPole-v1")), N);
        var stats = new VectorEpisodeStatistics(N);
        fast.Reset(seed: 9);
        sync.Reset(seed: 9);
        stats.Restart();
        var random = new Random(1);
        var actions = new float[N];
        for (int t = 0; t < 500; t++)
        {
            for (int i = 0; i < N; i++) actions[i] = random.Next(2);
            fast.Step(actions);
            sync.Step(actions);
            foreach (var (i, episode) in stats.Update(fast))
                Assert.Equal(((EpisodeStatistics)sync.Infos[i]![RecordEpisodeStatistics.InfoKey]).Length, episode.Length);
        }
        Assert.True(stats.EpisodeCount > 20);
        Assert.Throws<ArgumentException>(() => new VectorEpisodeStatistics(3).Update(fast));
    }
}
