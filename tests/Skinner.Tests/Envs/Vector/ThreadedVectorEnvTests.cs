using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Vector;

public class ThreadedVectorEnvTests
{
    private static IEnv Walk() => new RecordEpisodeStatistics(new TimeLimit(new RandomWalkEnv(), 7));

    [Theory]
    [InlineData(AutoresetMode.NextStep, 3)]
    [InlineData(AutoresetMode.SameStep, 3)]
    [InlineData(AutoresetMode.NextStep, 7)]
    [InlineData(AutoresetMode.SameStep, 1)]
    public void EqualsSyncBitForBit(AutoresetMode mode, int threads)
    {
        const int N = 7;
        using var sync = new SyncVectorEnv(Walk, N, mode);
        using var threaded = new ThreadedVectorEnv(Walk, N, threads, mode);
        Assert.Equal(Math.Min(threads, N), threaded.NumThreads);
        sync.Reset(seed: 5);
        threaded.Reset(seed: 5);
        var random = new Random(8);
        var actions = new float[N];
        for (int t = 0; t < 1000; t++)
        {
            for (int i = 0; i < N; i++) actions[i] = random.Next(2);
            sync.Step(actions);
            threaded.Step(actions);
            Assert.Equal(sync.Observations, threaded.Observations);
            Assert.Equal(sync.FinalObservations, threaded.FinalObservations);
            Assert.Equal(sync.Rewards, threaded.Rewards);
            Assert.Equal(sync.Terminated, threaded.Terminated);
            Assert.Equal(sync.Truncated, threaded.Truncated);
            Assert.Equal(sync.Autoreset, threaded.Autoreset);
            for (int i = 0; i < N; i++)
                Assert.Equal(Episode(sync.Infos[i])?.Return, Episode(threaded.Infos[i])?.Return);
        }
    }

    [Fact]
    public void AFailureInAWorkerReachesTheCaller()
    {
        using var venv = new ThreadedVectorEnv(() => new RandomWalkEnv(), 4, numThreads: 2);
        venv.Reset(seed: 0);
        // Environment 3 lives on the worker thread.
        var e = Assert.Throws<ArgumentException>(() => venv.Step([0, 1, 0, 5]));
        Assert.Contains("Discrete(2)", e.Message, StringComparison.Ordinal);
        venv.Step([0, 1, 0, 1]);
    }

    [Fact]
    public void SeedsLikeSync()
    {
        using var sync = new SyncVectorEnv(() => new RandomWalkEnv(), 6);
        using var threaded = new ThreadedVectorEnv(() => new RandomWalkEnv(), 6, numThreads: 4);
        sync.Reset(seed: 77);
        threaded.Reset(seed: 77);
        Assert.Equal(sync.Observations, threaded.Observations);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadedVectorEnv(() => new RandomWalkEnv(), 2, numThreads: 0));
    }

    [Fact]
    public void DisposeStopsTheWorkersAndLaterUseIsRefused()
    {
        var venv = new ThreadedVectorEnv(() => new RandomWalkEnv(), 4, numThreads: 4);
        venv.Reset(seed: 1);
        venv.Dispose();
        venv.Dispose();
        Assert.Throws<ObjectDisposedException>(() => venv.Reset());
    }

    private static EpisodeStatistics? Episode(Info? info) =>
        info is not null && info.TryGetValue(RecordEpisodeStatistics.InfoKey, out var v) ? (EpisodeStatistics)v : null;
}
