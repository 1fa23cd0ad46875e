using Skinner.Envs;
using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

public class MinAtarEnvTests
{
    public static TheoryData<MinAtarGame> Games() => [.. Enum.GetValues<MinAtarGame>()];

    [Theory]
    [MemberData(nameof(Games))]
    public void SpacesFollowTheGame(MinAtarGame game)
    {
        using var env = new MinAtarEnv(game);
        int c = env.ChannelNames.Count;
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([10, 10, c], box.Shape);
        Assert.All(box.Low, v => Assert.Equal(0f, v));
        Assert.All(box.High, v => Assert.Equal(1f, v));
        Assert.Equal(6, Assert.IsType<Discrete>(env.ActionSpace).N);
        var obs = env.Reset(0).Observation;
        Assert.Equal(100 * c, obs.Length);
        Assert.All(obs, v => Assert.True(v is 0f or 1f));

        using var minimal = new MinAtarEnv(game, minimalActionSet: true);
        Assert.Equal(MinAtarEnv.MinimalActionSet(game).Count, Assert.IsType<Discrete>(minimal.ActionSpace).N);
    }

    [Fact]
    public void MinimalActionSetsAreMinAtars()
    {
        Assert.Equal([0, 1, 3], MinAtarEnv.MinimalActionSet(MinAtarGame.Breakout));
        Assert.Equal([0, 1, 2, 3, 4], MinAtarEnv.MinimalActionSet(MinAtarGame.Asterix));
        Assert.Equal([0, 2, 4], MinAtarEnv.MinimalActionSet(MinAtarGame.Freeway));
        Assert.Equal([0, 1, 2, 3, 4, 5], MinAtarEnv.MinimalActionSet(MinAtarGame.Seaquest));
        Assert.Equal([0, 1, 3, 5], MinAtarEnv.MinimalActionSet(MinAtarGame.SpaceInvaders));
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void RegistersBothVersionsWithoutTimeLimit(MinAtarGame game)
    {
        foreach (string version in new[] { "v0", "v1" })
        {
            var spec = Skinner.Envs.Envs.Spec($"MinAtar/{game}-{version}");
            Assert.Null(spec.MaxEpisodeSteps);
            Assert.Null(spec.RewardThreshold);
            Assert.False(string.IsNullOrWhiteSpace(spec.Description));
            using var env = Skinner.Envs.Envs.Make(spec.Id);
            int n = version == "v0" ? 6 : MinAtarEnv.MinimalActionSet(game).Count;
            Assert.Equal(n, Assert.IsType<Discrete>(env.ActionSpace).N);
            env.Reset(1);
            env.Step([n - 1]);
        }
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void SameSeedSameEpisode(MinAtarGame game)
    {
        var a = Play(game, seed: 123, steps: 300);
        var b = Play(game, seed: 123, steps: 300);
        Assert.Equal(a, b);
        // (Re-seeding a used environment need not replay: the sticky layer's previous action survives
        // resets, as in MinAtar.)
    }

    [Fact]
    public void DifferentSeedsGiveDifferentStreams()
    {
        using var env = new MinAtarEnv(MinAtarGame.Asterix);
        env.Reset(1);
        double u1 = Step(env, 0).Item1;
        env.Reset(2);
        double u2 = Step(env, 0).Item1;
        Assert.NotEqual(u1, u2);
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void ObservationShowsTheGameObjects(MinAtarGame game)
    {
        using var env = new MinAtarEnv(game, stickyActionProb: 0);
        var obs = env.Reset(5).Observation;
        int c = env.ChannelNames.Count;
        var rng = new Random(3);
        for (int t = 0; t < 150 && !env.Game.Terminal; t++)
        {
            CheckObjects(env.Game, obs, c);
            obs = env.Step([rng.Next(6)]).Observation;
        }
    }

    [Fact]
    public void MinimalActionsMapToGameActions()
    {
        using var env = new MinAtarEnv(MinAtarGame.Breakout, minimalActionSet: true, stickyActionProb: 0);
        env.Reset(0);
        var breakout = (Breakout)env.Game;
        Assert.Equal(4, breakout.Pos);
        env.Step([2]); // index 2 of [n, l, r] is right
        Assert.Equal(5, breakout.Pos);
        Assert.Equal(MinAtarAction.Right, env.LastAction);
        env.Step([1]);
        Assert.Equal(4, breakout.Pos);
    }

    [Fact]
    public void StickyActionsRepeatThePreviousAction()
    {
        // With probability 1 every step repeats the previous action, which starts as the no-op.
        using var env = new MinAtarEnv(MinAtarGame.Breakout, stickyActionProb: 1);
        env.Reset(0);
        for (int t = 0; t < 5; t++) env.Step([MinAtarAction.Right]);
        Assert.Equal(4, ((Breakout)env.Game).Pos);
        Assert.Equal(0, env.LastAction);
    }

    [Fact]
    public void LastActionSurvivesReset()
    {
        using var env = new MinAtarEnv(MinAtarGame.Breakout, stickyActionProb: 0);
        env.Reset(0);
        env.Step([MinAtarAction.Left]);
        env.Reset(0);
        Assert.Equal(MinAtarAction.Left, env.LastAction);
    }

    [Fact]
    public void StepsAfterTheEndDrawAndReturnTerminal()
    {
        using var env = new MinAtarEnv(MinAtarGame.Breakout, stickyActionProb: 0);
        env.Reset(0);
        StepResult step;
        do step = env.Step([0]);
        while (!step.Terminated);
        long words = env.Random.WordsDrawn;
        var after = env.Step([3]);
        Assert.True(after.Terminated);
        Assert.Equal(0, after.Reward);
        Assert.False(after.Truncated);
        Assert.Equal(words + 2, env.Random.WordsDrawn);
    }

    [Fact]
    public void RejectsBadInput()
    {
        using var env = new MinAtarEnv(MinAtarGame.SpaceInvaders, minimalActionSet: true);
        Assert.Throws<InvalidOperationException>(() => env.Step([0]));
        Assert.Throws<InvalidOperationException>(() => env.Render());
        env.Reset(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0.5f]));
        Assert.Throws<ArgumentException>(() => env.Step([0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(1L << 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinAtarEnv(MinAtarGame.Freeway, stickyActionProb: 1.5));
    }

    [Theory]
    [MemberData(nameof(Games))]
    public void RenderPaintsEachCellWithItsTopChannel(MinAtarGame game)
    {
        using var env = new MinAtarEnv(game);
        var obs = env.Reset(9).Observation;
        int c = env.ChannelNames.Count;
        var frame = env.Render()!;
        int cell = MinAtarEnv.CellPixels;
        Assert.Equal(10 * cell, frame.Height);
        Assert.Equal(10 * cell, frame.Width);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
            {
                int top = -1;
                for (int ch = 0; ch < c; ch++)
                    if (obs[(((y * 10) + x) * c) + ch] != 0) top = ch;
                byte[] expected = top < 0 ? [0, 0, 0] : env.ChannelColor(top).ToArray();
                // The cell's centre and a corner.
                Assert.Equal(expected, Pixel(frame, (y * cell) + (cell / 2), (x * cell) + (cell / 2)));
                Assert.Equal(expected, Pixel(frame, (y * cell) + cell - 1, x * cell));
            }
    }

    [Fact]
    public void RenderShowsThePaddleInItsChannelColour()
    {
        using var env = new MinAtarEnv(MinAtarGame.Breakout);
        env.Reset(0);
        var frame = env.Render()!;
        int cell = MinAtarEnv.CellPixels, pos = ((Breakout)env.Game).Pos;
        Assert.Equal(env.ChannelColor(Breakout.PaddleChannel).ToArray(), Pixel(frame, (9 * cell) + 3, (pos * cell) + 3));
        Assert.Equal(new byte[3], Pixel(frame, (9 * cell) + 3, (((pos + 5) % 10) * cell) + 3));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public void PaletteColoursAreDistinctAndNotBlack(int channels)
    {
        var colors = MinAtarPalette.Colors(channels);
        Assert.Equal(channels, colors.Select(c => (c[0] << 16) | (c[1] << 8) | c[2]).Distinct().Count());
        Assert.All(colors, c => Assert.Contains(c, b => b > 0));
    }

    private static byte[] Pixel(Skinner.Envs.Rendering.Frame f, int y, int x) => f.Rgb.AsSpan(((y * f.Width) + x) * 3, 3).ToArray();

    private static List<string> Play(MinAtarGame game, long seed, int steps)
    {
        using var env = new MinAtarEnv(game);
        return Play(env, seed, steps);
    }

    private static List<string> Play(MinAtarEnv env, long seed, int steps)
    {
        var trace = new List<string> { string.Concat(env.Reset(seed).Observation) };
        for (int t = 0; t < steps; t++)
        {
            var (_, step) = Step(env, (t * 7) % 6);
            trace.Add($"{step.Reward} {step.Terminated} {string.Concat(step.Observation)}");
            if (step.Terminated) trace.Add(string.Concat(env.Reset().Observation));
        }
        return trace;
    }

    private static (double, StepResult) Step(MinAtarEnv env, int action)
    {
        var step = env.Step([action]);
        return (env.LastStickyDraw, step);
    }

    private static bool On(float[] obs, int channels, int y, int x, int c) => obs[(((y * 10) + x) * channels) + c] == 1f;

    // Each game's main objects appear where its state says, in the [y, x, c] layout.
    private static void CheckObjects(IMinAtarGame game, float[] obs, int c)
    {
        switch (game)
        {
            case Breakout b:
                Assert.True(On(obs, c, 9, b.Pos, Breakout.PaddleChannel));
                Assert.True(On(obs, c, b.BallY, b.BallX, Breakout.BallChannel));
                Assert.True(On(obs, c, b.LastY, b.LastX, Breakout.TrailChannel));
                for (int i = 0; i < 100; i++) Assert.Equal(b.Bricks[i], On(obs, c, i / 10, i % 10, Breakout.BrickChannel));
                break;
            case Asterix a:
                Assert.True(On(obs, c, a.PlayerY, a.PlayerX, Asterix.PlayerChannel));
                foreach (var e in a.Entities.OfType<AsterixEntity>())
                    Assert.True(On(obs, c, e.Y, e.X, e.IsGold ? Asterix.GoldChannel : Asterix.EnemyChannel));
                break;
            case Freeway f:
                Assert.True(On(obs, c, f.Pos, 4, Freeway.ChickenChannel));
                foreach (var car in f.Cars) Assert.True(On(obs, c, car.Y, car.X, Freeway.CarChannel));
                break;
            case Seaquest s:
                Assert.True(On(obs, c, s.SubY, s.SubX, Seaquest.SubFront));
                foreach (var fish in s.EFish) Assert.True(On(obs, c, fish[Seaquest.Y], fish[Seaquest.X], Seaquest.EnemyFish));
                foreach (var sub in s.ESubs) Assert.True(On(obs, c, sub[Seaquest.Y], sub[Seaquest.X], Seaquest.EnemySub));
                break;
            case SpaceInvaders v:
                Assert.True(On(obs, c, 9, v.Pos, SpaceInvaders.CannonChannel));
                for (int i = 0; i < 100; i++) Assert.Equal(v.AlienMap[i], On(obs, c, i / 10, i % 10, SpaceInvaders.AlienChannel));
                break;
            default:
                throw new ArgumentException(game.GetType().Name);
        }
    }
}
