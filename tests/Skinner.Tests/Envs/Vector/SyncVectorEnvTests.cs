using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Vector;

public class SyncVectorEnvTests
{
    private static IEnv Walk() => new TimeLimit(new RandomWalkEnv(), 6);

    private static float[] Actions(Random random, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.Next(2))];

    [Theory]
    [InlineData(AutoresetMode.NextStep)]
    [InlineData(AutoresetMode.SameStep)]
    public void MatchesIndependentEnvironmentsUnderEachAutoresetRule(AutoresetMode mode)
    {
        const int N = 4;
        using var venv = new SyncVectorEnv(Walk, N, mode);
        var reference = new VectorReference(Walk, N, mode);
        venv.Reset(seed: 11);
        reference.Reset(11);
        reference.AssertMatches(venv, 0);
        var random = new Random(3);
        int episodes = 0;
        for (int t = 1; t <= 300; t++)
        {
            var actions = Actions(random, N);
            venv.Step(actions);
            reference.Step(actions);
            reference.AssertMatches(venv, t);
            episodes += venv.Terminated.Count(b => b) + venv.Truncated.Count(b => b);
        }
        Assert.True(episodes > 20, "the run should cover many episode ends");
    }

    [Fact]
    public void NextStepEndsThenResetsWithZeroReward()
    {
        using var venv = new SyncVectorEnv(() => new EchoEnv(episodeLength: 2), 2);
        venv.Reset();
        venv.Step([1, 0.5f, 1, 1]);
        venv.Step([2, 2, -1, -1]);
        Assert.Equal([true, true], venv.Terminated);
        Assert.Equal([4.0, -2.0], venv.Rewards);
        Assert.Equal([2f, 2, -1, -1], venv.Observations);
        Assert.Equal(venv.Observations, venv.FinalObservations);
        Assert.Equal(2, venv.Infos[0]!["echo"]);
        // The next step ignores the actions and starts new episodes.
        venv.Step([9, 9, 9, 9]);
        Assert.Equal([true, true], venv.Autoreset);
        Assert.Equal([0.0, 0.0], venv.Rewards);
        Assert.Equal([false, false], venv.Terminated);
        Assert.Equal([0f, 0, 0, 0], venv.Observations);
        venv.Step([1, 1, 1, 1]);
        Assert.Equal([false, false], venv.Autoreset);
        Assert.Equal([2.0, 2.0], venv.Rewards);
    }

    [Fact]
    public void SameStepResetsAtOnceAndKeepsTheFinalObservation()
    {
        using var venv = new SyncVectorEnv(() => new EchoEnv(episodeLength: 2), 2, AutoresetMode.SameStep);
        venv.Reset();
        venv.Step([1, 0.5f, 1, 1]);
        venv.Step([2, 2, -1, -1]);
        Assert.Equal([true, true], venv.Terminated);
        Assert.Equal([4.0, -2.0], venv.Rewards);
        Assert.Equal([0f, 0, 0, 0], venv.Observations);
        Assert.Equal([2f, 2, -1, -1], venv.FinalObservations);
        Assert.Equal([false, false], venv.Autoreset);
        Assert.Equal(2, venv.Infos[1]!["echo"]);
        venv.Step([1, 1, 1, 1]);
        Assert.Equal([2.0, 2.0], venv.Rewards);
    }

    [Fact]
    public void SameStepKeepsTheResetInfoUnderItsOwnKey()
    {
        using var venv = new SyncVectorEnv(() => new TimeLimit(new RandomWalkEnv(), 1), 1, AutoresetMode.SameStep);
        venv.Reset(seed: 0);
        venv.Step([1]);
        Assert.True(venv.Truncated[0] || venv.Terminated[0]);
        Assert.Equal(1, venv.Infos[0]!["steps"]);
        var resetInfo = Assert.IsType<Info>(venv.Infos[0]!["reset_info"]);
        Assert.Equal(2, resetInfo["reset_count"]);
    }

    [Fact]
    public void ResetSeedsEachEnvironmentWithSeedPlusItsIndex()
    {
        using var venv = new SyncVectorEnv(() => new RandomWalkEnv(), 5);
        venv.Reset(seed: 100);
        for (int i = 0; i < 5; i++)
        {
            using var single = new RandomWalkEnv();
            Assert.Equal(single.Reset(seed: 100 + i).Observation, venv.Observations[(i * 3)..(i * 3 + 3)]);
        }
        var first = (float[])venv.Observations.Clone();
        venv.Step([1, 0, 1, 0, 1]);
        venv.Reset(seed: 100);
        Assert.Equal(first, venv.Observations);
    }

    [Fact]
    public void MisuseGetsClearErrors()
    {
        using var venv = new SyncVectorEnv(() => new RandomWalkEnv(), 2);
        Assert.Contains("Reset()", Assert.Throws<InvalidOperationException>(() => venv.Step([0, 0])).Message, StringComparison.Ordinal);
        venv.Reset(seed: 1);
        Assert.Contains("2 x 1", Assert.Throws<ArgumentException>(() => venv.Step([0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => venv.Step([0, 7]));
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv([() => new EchoEnv(size: 2), () => new EchoEnv(size: 3)]));
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv(Array.Empty<Func<IEnv>>()));
    }

    [Fact]
    public void SpacesAndSizesComeFromTheSingleEnvironment()
    {
        using var venv = new SyncVectorEnv(() => new EchoEnv(size: 3), 4);
        Assert.Equal(4, venv.NumEnvs);
        Assert.Equal(3, venv.ObservationSize);
        Assert.Equal(3, venv.ActionSize);
        Assert.Equal(12, venv.Observations.Length);
        Assert.IsType<Box>(venv.SingleActionSpace);
        Assert.Equal(4, venv.Envs.Count);
    }
}
