using System.Text.Json;
using Skinner.Envs.Vector;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests.Envs.Vector;

public class CartPoleVectorEnvTests
{
    /// <summary>Every golden file of an environment that <see cref="CartPoleVectorEnv"/> reproduces.</summary>
    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in GoldenData.Files("envs"))
        {
            using var doc = GoldenData.Load(f);
            if (doc.RootElement.TryGetProperty("env_id", out var id) && CartPoleVectorEnv.Supports(id.GetString()!)) data.Add(f);
        }
        return data;
    }

    [Fact]
    public void SomeGoldenFileIsForCartPole() => Assert.NotEmpty(GoldenFiles());

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void ReplaysEveryGoldenEpisodeBitForBit(string file)
    {
        using var doc = GoldenData.Load(file);
        var root = doc.RootElement;
        int? limit = root.GetProperty("max_episode_steps").ValueKind == JsonValueKind.Null ? null : root.GetProperty("max_episode_steps").GetInt32();
        int episodes = 0;
        foreach (var ep in root.GetProperty("episodes").EnumerateArray())
        {
            string name = ep.GetProperty("name").GetString()!;
            using var env = new CartPoleVectorEnv(1, limit);
            env.Reset(seed: ep.GetProperty("reset_seed").GetInt64());
            if (ep.GetProperty("set_state").ValueKind == JsonValueKind.Array)
                env.SetState(0, Doubles(ep.GetProperty("set_state")));
            Assert.True(Doubles(ep.GetProperty("initial_state")).AsSpan().SequenceEqual(env.GetState(0)), $"{name}: initial state");
            AssertObs(ep.GetProperty("initial_obs"), env.Observations, $"{name}: initial observation");
            var actions = ep.GetProperty("actions").EnumerateArray().Select(a => (float)a.GetInt32()).ToArray();
            var obs = ep.GetProperty("obs").EnumerateArray().ToArray();
            var states = ep.GetProperty("states").EnumerateArray().ToArray();
            var rewards = ep.GetProperty("rewards").EnumerateArray().ToArray();
            var terminated = ep.GetProperty("terminated").EnumerateArray().ToArray();
            var truncated = ep.GetProperty("truncated").EnumerateArray().ToArray();
            for (int t = 0; t < actions.Length; t++)
            {
                env.Step([actions[t]]);
                string where = $"{name} step {t}";
                Assert.True(Doubles(states[t]).AsSpan().SequenceEqual(env.GetState(0)), $"{where}: state");
                AssertObs(obs[t], env.Observations, where);
                Assert.Equal(rewards[t].GetDouble(), env.Rewards[0]);
                Assert.Equal(terminated[t].GetBoolean(), env.Terminated[0]);
                Assert.Equal(truncated[t].GetBoolean(), env.Truncated[0]);
            }
            Assert.True(env.Terminated[0] || env.Truncated[0], $"{name}: the episode should end with its last action");
            episodes++;
        }
        Assert.True(episodes > 0, $"{file} has no episodes");
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void EveryLaneOfTheVectorPathReplaysTheGoldenEpisodes(string file)
    {
        // Six copies of each episode side by side: lanes 0-3 take the four-wide vector path, lanes 4 and 5 the
        // scalar one; every lane must follow the golden trajectory bit for bit.
        const int N = 6;
        using var doc = GoldenData.Load(file);
        var root = doc.RootElement;
        int? limit = root.GetProperty("max_episode_steps").ValueKind == JsonValueKind.Null ? null : root.GetProperty("max_episode_steps").GetInt32();
        foreach (var ep in root.GetProperty("episodes").EnumerateArray())
        {
            string name = ep.GetProperty("name").GetString()!;
            using var env = new CartPoleVectorEnv(N, limit);
            env.Reset(seed: 0);
            var initial = Doubles(ep.GetProperty("initial_state"));
            for (int i = 0; i < N; i++) env.SetState(i, initial);
            var actions = ep.GetProperty("actions").EnumerateArray().Select(a => (float)a.GetInt32()).ToArray();
            var observations = ep.GetProperty("obs").EnumerateArray().ToArray();
            var states = ep.GetProperty("states").EnumerateArray().ToArray();
            var rewards = ep.GetProperty("rewards").EnumerateArray().ToArray();
            var terminated = ep.GetProperty("terminated").EnumerateArray().ToArray();
            var truncated = ep.GetProperty("truncated").EnumerateArray().ToArray();
            for (int t = 0; t < actions.Length; t++)
            {
                env.Step(Enumerable.Repeat(actions[t], N).ToArray());
                var expected = Doubles(states[t]);
                var obs = observations[t].EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
                for (int i = 0; i < N; i++)
                {
                    string where = $"{name} step {t} lane {i}";
                    Assert.True(expected.AsSpan().SequenceEqual(env.GetState(i)), $"{where}: state");
                    Assert.True(obs.AsSpan().SequenceEqual(env.Observations.AsSpan(4 * i, 4)), $"{where}: observation");
                    Assert.Equal(rewards[t].GetDouble(), env.Rewards[i]);
                    Assert.Equal(terminated[t].GetBoolean(), env.Terminated[i]);
                    Assert.Equal(truncated[t].GetBoolean(), env.Truncated[i]);
                }
            }
        }
    }

    [Theory]
    [InlineData("CartPole-v1", AutoresetMode.NextStep, 16)]
    [InlineData("CartPole-v1", AutoresetMode.SameStep, 16)]
    [InlineData("CartPole-v0", AutoresetMode.NextStep, 16)]
    [InlineData("CartPole-v1", AutoresetMode.NextStep, 7)]
    [InlineData("CartPole-v1", AutoresetMode.SameStep, 3)]
    public void EqualsIndependentCartPolesFromMake(string id, AutoresetMode mode, int numEnvs)
    {
        int N = numEnvs;
        using var fast = (CartPoleVectorEnv)VectorEnvs.Make(id, N, autoresetMode: mode);
        using var sync = new SyncVectorEnv(() => Registry.Make(id), N, mode);
        var reference = new VectorReference(() => Registry.Make(id), N, mode);
        fast.Reset(seed: 123);
        sync.Reset(seed: 123);
        reference.Reset(123);
        reference.AssertMatches(fast, 0);
        var random = new Random(4);
        var actions = new float[N];
        int ends = 0;
        for (int t = 1; t <= 3000; t++)
        {
            // Mostly a balancing policy, so that some episodes run into the time limit.
            for (int i = 0; i < N; i++)
            {
                float theta = fast.Observations[4 * i + 2], thetaDot = fast.Observations[4 * i + 3];
                actions[i] = random.Next(10) == 0 ? random.Next(2) : (theta + 0.5f * thetaDot > 0 ? 1 : 0);
            }
            fast.Step(actions);
            sync.Step(actions);
            reference.Step(actions);
            reference.AssertMatches(fast, t);
            Assert.Equal(sync.Observations, fast.Observations);
            Assert.Equal(sync.FinalObservations.Where((_, k) => fast.Terminated[k / 4] || fast.Truncated[k / 4]), fast.FinalObservations.Where((_, k) => fast.Terminated[k / 4] || fast.Truncated[k / 4]));
            Assert.Equal(sync.Rewards, fast.Rewards);
            Assert.Equal(sync.Terminated, fast.Terminated);
            Assert.Equal(sync.Truncated, fast.Truncated);
            Assert.Equal(sync.Autoreset, fast.Autoreset);
            ends += fast.Truncated.Count(b => b);
        }
        Assert.True(ends > 0, "some episodes should reach the time limit");
    }

    [Fact]
    public void EnvironmentIGetsSeedPlusI()
    {
        using var batch = new CartPoleVectorEnv(5);
        batch.Reset(seed: 40);
        for (int i = 0; i < 5; i++)
        {
            using var one = new CartPoleVectorEnv(1);
            one.Reset(seed: 40 + i);
            Assert.Equal(one.Observations, batch.Observations[(4 * i)..(4 * i + 4)]);
            Assert.Equal(one.GetState(0), batch.GetState(i));
        }
    }

    [Theory]
    [InlineData(AutoresetMode.NextStep)]
    [InlineData(AutoresetMode.SameStep)]
    public void EpisodesEndAndRestartByTheAutoresetRule(AutoresetMode mode)
    {
        using var env = new CartPoleVectorEnv(3, maxEpisodeSteps: 10, mode);
        env.Reset(seed: 1);
        // Pushing one way only topples the pole well before 10 steps... or the limit truncates.
        for (int t = 0; t < 10 && !(env.Terminated[0] || env.Truncated[0]); t++) env.Step([1, 1, 1]);
        Assert.True(env.Terminated[0] || env.Truncated[0]);
        var final = env.FinalObservations[0..4];
        Assert.Equal(1.0, env.Rewards[0]);
        if (mode == AutoresetMode.NextStep)
        {
            Assert.Equal(final, env.Observations[0..4]);
            env.Step([0, 0, 0]);
            Assert.True(env.Autoreset[0]);
            Assert.Equal(0.0, env.Rewards[0]);
            Assert.False(env.Terminated[0] || env.Truncated[0]);
        }
        else
        {
            // The ending step's flags stand beside the next episode's first observation.
            Assert.NotEqual(final, env.Observations[0..4]);
            Assert.False(env.Autoreset[0]);
        }
        Assert.All(env.Observations[0..4], v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void ResetOptionsMoveTheInitialBounds()
    {
        using var env = new CartPoleVectorEnv(8);
        env.Reset(seed: 2, new Dictionary<string, object> { ["low"] = 0.2, ["high"] = 0.3 });
        Assert.All(env.Observations, v => Assert.InRange(v, 0.2f, 0.3f));
        Assert.Throws<ArgumentException>(() => env.Reset(seed: 2, new Dictionary<string, object> { ["low"] = 0.4, ["high"] = 0.3 }));
        Assert.Throws<ArgumentException>(() => env.Reset(seed: 2, new Dictionary<string, object> { ["lo"] = 0.1 }));
    }

    [Fact]
    public void MisuseGetsClearErrors()
    {
        using var env = new CartPoleVectorEnv(2);
        Assert.Throws<InvalidOperationException>(() => env.Step([0, 1]));
        env.Reset(seed: 0);
        var before = (float[])env.Observations.Clone();
        Assert.Contains("Discrete(2)", Assert.Throws<ArgumentException>(() => env.Step([1, 2])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN, 0]));
        Assert.Throws<ArgumentException>(() => env.Step([1]));
        // A rejected batch changes nothing.
        Assert.Equal(before, env.Observations);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(seed: -1));
    }

    [Fact]
    public void SinCosGivesTheBitsOfSinAndCos()
    {
        // The fast path calls Math.SinCos where Gymnasium calls sin and cos apart: they must agree exactly,
        // over CartPole's angles and far beyond them (Pendulum's angle is never wrapped and Acrobot's
        // intermediate angles leave [-pi, pi]; both rely on the same equality).
        var random = new Random(17);
        for (int k = 0; k < 300_000; k++)
        {
            double theta = (random.NextDouble() - 0.5) * ((k % 3) switch { 0 => 1.0, 1 => 100.0, _ => 4000.0 });
            var (s, c) = Math.SinCos(theta);
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sin(theta)), BitConverter.DoubleToInt64Bits(s));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Cos(theta)), BitConverter.DoubleToInt64Bits(c));
        }
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    private static void AssertObs(JsonElement expected, float[] observations, string where)
    {
        var e = expected.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.True(e.AsSpan().SequenceEqual(observations.AsSpan(0, 4)), $"{where}: observation [{string.Join(", ", observations[..4])}] expected [{string.Join(", ", e)}]");
    }
}
