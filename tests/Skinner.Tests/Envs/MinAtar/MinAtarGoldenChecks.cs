using System.Runtime.CompilerServices;
using System.Text.Json;
using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

/// <summary>
/// Checks a MinAtar golden file (formats <c>minatar-breakout-golden-v1</c> and <c>minatar-golden-v1</c>,
/// see tests/golden/envs/README.md) against <see cref="MinAtarEnv"/> and the game classes:
/// <list type="number">
/// <item>Replay: seed the environment as the file did, feed the recorded actions, and compare every sticky
/// draw, applied action, RNG word count, reward, terminal flag, snapshot and recorded observation.</item>
/// <item>One step: for every step, load the previous snapshot into a fresh game with the generator
/// positioned as the README describes, apply the recorded effective action, and compare.</item>
/// </list>
/// Everything is read from the file; a file of the same format with other episodes passes or fails on its own.
/// </summary>
internal static class MinAtarGoldenChecks
{
    public const string BreakoutFormat = "minatar-breakout-golden-v1";
    public const string Format = "minatar-golden-v1";

    [ModuleInitializer]
    internal static void Register()
    {
        EnvGoldenChecks.Register(BreakoutFormat, CheckFile);
        EnvGoldenChecks.Register(Format, CheckFile);
    }

    /// <summary>Checks every episode of one file; throws an xunit assertion on the first value not reproduced.</summary>
    public static void CheckFile(JsonElement root)
    {
        var game = MinAtarSnapshots.ParseGame(root.GetProperty("game").GetString());
        string[] layout = root.TryGetProperty("snapshot_layout", out var l) ? [.. l.EnumerateArray().Select(x => x.GetString() ?? "")] : [];
        var episodes = root.GetProperty("episodes").EnumerateArray().ToArray();
        Assert.NotEmpty(episodes);
        foreach (var episode in episodes)
        {
            var e = new Episode(game, episode, layout);
            e.CheckRecordIsConsistent();
            e.CheckReplay();
            e.CheckOneStep();
        }
    }

    private sealed class Episode
    {
        private readonly MinAtarGame _game;
        private readonly JsonElement _e;
        private readonly string[] _layout;
        private readonly string _name;
        private readonly uint _seed;
        private readonly double _sticky;
        private readonly bool _ramping;
        private readonly int[] _actions, _effective, _rewards;
        private readonly bool[] _terminal;
        private readonly double[] _stickyU;
        private readonly int[]? _gameWords;
        private readonly long? _resetWords;
        private readonly JsonElement[] _states;
        private readonly Dictionary<int, JsonElement> _obsSamples = [];

        public Episode(MinAtarGame game, JsonElement e, string[] layout)
        {
            _game = game;
            _e = e;
            _layout = layout;
            _name = e.GetProperty("name").GetString() ?? "?";
            _seed = e.GetProperty("seed").GetUInt32();
            _sticky = e.GetProperty("sticky_action_prob").GetDouble();
            _ramping = !e.TryGetProperty("difficulty_ramping", out var r) || r.GetBoolean();
            _actions = Ints(e, "actions");
            _effective = Ints(e, "effective_actions");
            _rewards = Ints(e, "rewards");
            _terminal = [.. e.GetProperty("terminal").EnumerateArray().Select(x => x.GetBoolean())];
            _stickyU = [.. e.GetProperty("sticky_u").EnumerateArray().Select(x => x.GetDouble())];
            _gameWords = e.TryGetProperty("game_rng_words", out var w) ? Ints(e, "game_rng_words") : null;
            _resetWords = e.TryGetProperty("reset_rng_words", out var rw) ? rw.GetInt64() : null;
            _states = [.. e.GetProperty("states").EnumerateArray()];
            if (e.TryGetProperty("obs_samples", out var samples))
                foreach (var pair in samples.EnumerateArray()) _obsSamples[pair[0].GetInt32()] = pair[1];
        }

        private int Length => _actions.Length;

        /// <summary>The per-step arrays agree with each other and with the summary fields.</summary>
        public void CheckRecordIsConsistent()
        {
            Assert.True(Length > 0, $"{_name}: no steps recorded");
            foreach (int n in new[] { _effective.Length, _rewards.Length, _terminal.Length, _stickyU.Length, _states.Length, _gameWords?.Length ?? Length })
                Assert.True(n == Length, $"{_name}: a per-step array has {n} entries for {Length} actions");
            Assert.Equal(_e.GetProperty("length").GetInt32(), Length);
            Assert.Equal(_e.GetProperty("return").GetInt64(), _rewards.Sum(x => (long)x));
            bool capped = _e.GetProperty("capped").GetBoolean();
            Assert.True(capped == (!_terminal[^1] && Length == _e.GetProperty("max_steps").GetInt32()),
                $"{_name}: capped={capped} contradicts the last terminal flag and max_steps");
        }

        /// <summary>The seeded environment reproduces the whole episode.</summary>
        public void CheckReplay()
        {
            var env = new MinAtarEnv(_game, minimalActionSet: false, _sticky, _ramping);
            var reset = env.Reset(_seed);
            if (_resetWords is long rw) Assert.True(env.Random.WordsDrawn == rw, $"{_name}: reset drew {env.Random.WordsDrawn} words, recorded {rw}");
            CompareState(env.Game, _e.GetProperty("initial"), "initial");
            CompareObs(reset.Observation, env.Game.Channels, _e.GetProperty("initial_obs"), "initial_obs");
            for (int t = 0; t < Length; t++)
            {
                long before = env.Random.WordsDrawn;
                var step = env.Step([_actions[t]]);
                Assert.True(env.LastStickyDraw == _stickyU[t], $"{_name} step {t}: sticky draw {env.LastStickyDraw:R}, recorded {_stickyU[t]:R}");
                Assert.True(env.LastAction == _effective[t], $"{_name} step {t}: applied action {env.LastAction}, recorded {_effective[t]}");
                if (_gameWords is not null)
                {
                    long words = env.Random.WordsDrawn - before - 2;
                    Assert.True(words == _gameWords[t], $"{_name} step {t}: the game drew {words} words, recorded {_gameWords[t]}");
                }
                CompareStep(t, step.Reward, step.Terminated, env.Game);
                Assert.False(step.Truncated);
                if (_obsSamples.TryGetValue(t, out var sample)) CompareObs(step.Observation, env.Game.Channels, sample, $"obs after step {t}");
                if (t == Length - 1) CompareObs(step.Observation, env.Game.Channels, _e.GetProperty("final_obs"), "final_obs");
            }
            if (_e.TryGetProperty("final_difficulty_ramp", out var ramp))
            {
                int? expected = ramp.ValueKind == JsonValueKind.Null ? null : ramp.GetInt32();
                Assert.True(env.DifficultyRamp == expected, $"{_name}: final difficulty ramp {env.DifficultyRamp}, recorded {expected}");
            }
        }

        /// <summary>Each step alone, from the recorded previous snapshot, with the generator positioned for it.</summary>
        public void CheckOneStep()
        {
            var env = new MinAtarEnv(_game, minimalActionSet: false, _sticky, _ramping);
            var game = env.Game;
            var random = env.Random;
            long position = _resetWords ?? ResetWords();
            var previous = _e.GetProperty("initial");
            for (int t = 0; t < Length; t++)
            {
                random.Seed(_seed);
                random.Skip(position + 2); // the words before this step, then its own sticky draw
                MinAtarSnapshots.Load(game, previous);
                long before = random.WordsDrawn;
                var (reward, terminal) = game.Act(_effective[t]);
                if (_gameWords is not null)
                    Assert.True(random.WordsDrawn - before == _gameWords[t], $"{_name} one-step {t}: the game drew {random.WordsDrawn - before} words, recorded {_gameWords[t]}");
                CompareStep(t, reward, terminal, game);
                position += 2 + (_gameWords?[t] ?? 0);
                previous = _states[t];
            }
        }

        // Reset's draws when the file does not record them: what the game's reset takes from a fresh seed.
        private long ResetWords()
        {
            var env = new MinAtarEnv(_game, minimalActionSet: false, _sticky, _ramping);
            env.Reset(_seed);
            return env.Random.WordsDrawn;
        }

        private void CompareStep(int t, double reward, bool terminal, IMinAtarGame game)
        {
            Assert.True(reward == _rewards[t], $"{_name} step {t}: reward {reward}, recorded {_rewards[t]}");
            Assert.True(terminal == _terminal[t], $"{_name} step {t}: terminal {terminal}, recorded {_terminal[t]}");
            CompareState(game, _states[t], $"step {t}");
        }

        private void CompareState(IMinAtarGame game, JsonElement snapshot, string where)
        {
            string[] actual = MinAtarSnapshots.Capture(game);
            var expected = snapshot.EnumerateArray().Select(MinAtarSnapshots.Canon).ToArray();
            Assert.True(actual.Length == expected.Length, $"{_name} {where}: snapshot of {actual.Length} items, recorded {expected.Length}");
            for (int i = 0; i < actual.Length; i++)
            {
                string field = i < _layout.Length ? _layout[i] : $"item {i}";
                Assert.True(actual[i] == expected[i], $"{_name} {where}: {field} is {actual[i]}, recorded {expected[i]}");
            }
        }

        private void CompareObs(float[] obs, int channels, JsonElement recorded, string where)
        {
            Assert.True(obs.Length == 100 * channels, $"{_name} {where}: observation of {obs.Length} floats for {channels} channels");
            foreach (float v in obs) Assert.True(v is 0f or 1f, $"{_name} {where}: observation value {v} is not 0 or 1");
            string[] actual = MinAtarSnapshots.ObsStrings(obs, channels);
            var expected = recorded.EnumerateArray().Select(x => x.GetString()).ToArray();
            Assert.True(actual.Length == expected.Length, $"{_name} {where}: {actual.Length} channels, recorded {expected.Length}");
            for (int c = 0; c < channels; c++)
                Assert.True(actual[c] == expected[c], $"{_name} {where}: channel {c} is\n{actual[c]}\nrecorded\n{expected[c]}");
        }

        private static int[] Ints(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetInt32())];
    }
}
