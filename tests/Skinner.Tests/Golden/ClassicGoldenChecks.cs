using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Skinner.Envs;
using Skinner.Envs.Classic;
using Skinner.Envs.Wrappers;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests;

/// <summary>
/// The check for Gymnasium classic-control golden files (<c>gymnasium-golden-v1</c>): for every episode,
/// the seeded reset (initial state and observation), every one-step transition from the recorded state, and
/// the whole episode replayed from the reset through the registered wrappers. Every float64 and float32
/// value must be equal bit for bit; the one exception is the cos/sin part of a seeded Acrobot reset
/// observation, which NumPy computes with its own float32 routine (up to 1.49 ulp from libm), so there
/// 1 float32 ulp is allowed (golden README, "Acrobot reset observation").
/// </summary>
internal static class ClassicGoldenChecks
{
    public const string Format = "gymnasium-golden-v1";
    private const int MaxReported = 8;

    [ModuleInitializer]
    internal static void Register() => EnvGoldenChecks.Register(Format, Check);

    /// <summary>Checks one file; throws with a list of the first differences when anything is off.</summary>
    public static void Check(JsonElement root)
    {
        string id = root.GetProperty("env_id").GetString() ?? throw new InvalidDataException("env_id is null.");
        bool legacy = root.GetProperty("numpy_promotion").GetString()!.StartsWith("legacy", StringComparison.Ordinal);
        var spec = Registry.Spec(id);
        var report = new Report(id);

        int maxSteps = root.GetProperty("max_episode_steps").GetInt32();
        report.Equal("max_episode_steps", spec.MaxEpisodeSteps, maxSteps);
        var threshold = root.GetProperty("reward_threshold");
        report.Equal("reward_threshold", spec.RewardThreshold, threshold.ValueKind == JsonValueKind.Null ? (double?)null : threshold.GetDouble());

        ClassicControlEnv Make() => Build(spec, legacy);
        int episodes = 0;
        foreach (var episode in root.GetProperty("episodes").EnumerateArray())
        {
            var e = Episode.Read(episode, id);
            CheckReset(Make(), e, report);
            CheckOneStep(Make(), e, maxSteps, report);
            CheckReplay(Make(), e, maxSteps, legacy, report);
            episodes++;
        }
        if (episodes == 0) report.Fail("the file has no episodes");
        report.ThrowIfAny();
    }

    // The bare environment of a registration, with NumPy 1.x promotion where the file asks for it.
    private static ClassicControlEnv Build(EnvSpec spec, bool legacy)
    {
        var env = spec.Factory() as ClassicControlEnv
            ?? throw new InvalidOperationException($"{spec.Id} is not a classic-control environment.");
        if (!legacy) return env;
        return env switch
        {
            Pendulum p => new Pendulum(p.Gravity, legacyNumpy1Promotion: true),
            MountainCarContinuous => new MountainCarContinuous(legacyNumpy1Promotion: true),
            _ => env, // the other environments compute the same under both NumPy versions
        };
    }

    private static void CheckReset(ClassicControlEnv env, Episode e, Report report)
    {
        var obs = env.Reset(e.ResetSeed).Observation;
        if (e.SetState is null)
        {
            report.Bits($"{e.Name} reset state", e.InitialState, env.GetState());
            report.Floats($"{e.Name} reset obs", e.InitialObs, obs, env is Acrobot ? 4 : 0);
        }
        else
        {
            env.SetState(e.SetState);
            report.Bits($"{e.Name} initial state", e.InitialState, env.GetState());
            report.Floats($"{e.Name} initial obs", e.InitialObs, env.Observe(), 0);
        }
    }

    // Each transition on its own: load the state before step t, apply action t, compare.
    private static void CheckOneStep(ClassicControlEnv env, Episode e, int maxSteps, Report report)
    {
        env.Reset(e.ResetSeed);
        for (int t = 0; t < e.Length; t++)
        {
            double[] before = t == 0 ? e.InitialState : e.States[t - 1];
            if (t > 0 && env is MountainCarContinuous mcc) mcc.SetFloat32State([.. before.Select(v => (float)v)]);
            else env.SetState(before);
            var r = env.Step(e.Action(t));
            string at = $"{e.Name} step {t}";
            report.Bits($"{at} state", e.States[t], env.GetState());
            report.Floats($"{at} obs", e.Obs[t], r.Observation, 0);
            report.Bits($"{at} reward", [e.Rewards[t]], [r.Reward]);
            report.Equal($"{at} terminated", e.Terminated[t], r.Terminated);
            report.Equal($"{at} truncated", e.Truncated[t], t + 1 >= maxSteps);
        }
    }

    // The whole episode from the reset, through TimeLimit(OrderEnforcing(env)) as Envs.Make builds it.
    private static void CheckReplay(ClassicControlEnv bare, Episode e, int maxSteps, bool legacy, Report report)
    {
        IEnv env = legacy ? new TimeLimit(new OrderEnforcing(bare), maxSteps) : Registry.Make(e.EnvId);
        var inner = (ClassicControlEnv)((Wrapper)env).Unwrapped;
        var obs = env.Reset(e.ResetSeed).Observation;
        if (e.SetState is not null)
        {
            inner.SetState(e.SetState);
            obs = inner.Observe();
        }
        report.Floats($"{e.Name} replay reset obs", e.InitialObs, obs, e.SetState is null && inner is Acrobot ? 4 : 0);
        double total = 0;
        int length = 0;
        for (int t = 0; t < e.Actions.Length; t++)
        {
            var r = env.Step(e.Action(t));
            string at = $"{e.Name} replay step {t}";
            report.Floats($"{at} obs", e.Obs[t], r.Observation, 0);
            report.Bits($"{at} state", e.States[t], inner.GetState());
            report.Bits($"{at} reward", [e.Rewards[t]], [r.Reward]);
            report.Equal($"{at} terminated", e.Terminated[t], r.Terminated);
            report.Equal($"{at} truncated", e.Truncated[t], r.Truncated);
            total += r.Reward;
            length++;
            if (r.Done) break;
        }
        report.Equal($"{e.Name} length", e.Length, length);
        report.Bits($"{e.Name} return", [e.Return], [total]);
    }

    /// <summary>One recorded episode.</summary>
    private sealed record Episode(
        string EnvId, string Name, long ResetSeed, double[]? SetState, double[] InitialState, double[] InitialObs,
        double[] Actions, double[][] Obs, double[][] States, double[] Rewards, bool[] Terminated, bool[] Truncated,
        int Length, double Return)
    {
        public static Episode Read(JsonElement e, string envId)
        {
            var set = e.GetProperty("set_state");
            var actions = Doubles(e.GetProperty("actions"));
            int length = e.GetProperty("length").GetInt32();
            var episode = new Episode(
                envId, e.GetProperty("name").GetString()!, e.GetProperty("reset_seed").GetInt64(),
                set.ValueKind == JsonValueKind.Null ? null : Doubles(set),
                Doubles(e.GetProperty("initial_state")), Doubles(e.GetProperty("initial_obs")), actions,
                Rows(e.GetProperty("obs")), Rows(e.GetProperty("states")), Doubles(e.GetProperty("rewards")),
                Bools(e.GetProperty("terminated")), Bools(e.GetProperty("truncated")),
                length, e.GetProperty("return").GetDouble());
            int n = actions.Length;
            if (length != n || episode.Obs.Length != n || episode.States.Length != n || episode.Rewards.Length != n
                || episode.Terminated.Length != n || episode.Truncated.Length != n)
                throw new InvalidDataException($"Episode {episode.Name}: length {length} but {n} actions, {episode.Obs.Length} obs, {episode.States.Length} states, {episode.Rewards.Length} rewards.");
            return episode;
        }

        /// <summary>Action t as the span an environment takes; every recorded action is a float32 value.</summary>
        public float[] Action(int t)
        {
            float a = (float)Actions[t];
            if (a != Actions[t]) throw new InvalidDataException($"Episode {Name} action {t} ({Actions[t]}) is not a float32 value.");
            return [a];
        }

        private static double[] Doubles(JsonElement a) => [.. a.EnumerateArray().Select(v => v.GetDouble())];

        private static double[][] Rows(JsonElement a) => [.. a.EnumerateArray().Select(Doubles)];

        private static bool[] Bools(JsonElement a) => [.. a.EnumerateArray().Select(v => v.GetBoolean())];
    }

    /// <summary>Collects differences, with the largest one per kind, and throws them together.</summary>
    private sealed class Report(string file)
    {
        private readonly StringBuilder _lines = new();
        private int _count;

        public void Fail(string what)
        {
            if (_count++ < MaxReported) _lines.AppendLine(CultureInfo.InvariantCulture, $"  {what}");
        }

        public void Equal<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual)) Fail($"{what}: expected {expected}, got {actual}");
        }

        // float64 values compared bit for bit.
        public void Bits(string what, double[] expected, double[] actual)
        {
            if (expected.Length != actual.Length)
            {
                Fail($"{what}: expected {expected.Length} values, got {actual.Length}");
                return;
            }
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i])) continue;
                long ulps = Math.Abs(BitConverter.DoubleToInt64Bits(expected[i]) - BitConverter.DoubleToInt64Bits(actual[i]));
                Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (diff {actual[i] - expected[i]:E3}, {ulps} float64 ulp)"));
            }
        }

        // float32 values (recorded widened to float64) compared bit for bit, except that the first
        // `ulpTolerantCount` components may be off by one float32 ulp.
        public void Floats(string what, double[] expected, float[] actual, int ulpTolerantCount)
        {
            if (expected.Length != actual.Length)
            {
                Fail($"{what}: expected {expected.Length} values, got {actual.Length}");
                return;
            }
            for (int i = 0; i < expected.Length; i++)
            {
                float want = (float)expected[i];
                if (want != expected[i])
                {
                    Fail($"{what}[{i}]: the recorded {expected[i]:R} is not a float32 value");
                    continue;
                }
                int d = Math.Abs(BitConverter.SingleToInt32Bits(want) - BitConverter.SingleToInt32Bits(actual[i]));
                if (d == 0 || (i < ulpTolerantCount && d <= 1)) continue;
                Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {want:R}, got {actual[i]:R} (diff {actual[i] - want:E3}, {d} float32 ulp)"));
            }
        }

        public void ThrowIfAny()
        {
            if (_count == 0) return;
            string more = _count > MaxReported ? $"  ... and {_count - MaxReported} more\n" : "";
            throw new Xunit.Sdk.XunitException($"{file}: {_count} recorded values not reproduced:\n{_lines}{more}");
        }
    }
}
