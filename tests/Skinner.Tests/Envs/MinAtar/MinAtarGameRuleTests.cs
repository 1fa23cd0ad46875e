using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

/// <summary>Rules of the games worked out by hand from the specification, including paths the golden episodes never reach.</summary>
public class MinAtarGameRuleTests
{
    [Fact]
    public void BreakoutPaddleBounceUsesThePreMoveBallColumn()
    {
        var game = new Breakout(new LegacyRandomState(0));
        game.Reset();
        // Ball at (x 3, y 8) going down-right; the paddle moves from 4 to 3 under it: the pre-move column 3
        // equals the paddle, so the ball bounces straight back up (down-right becomes up-right).
        (game.BallX, game.BallY, game.BallDir, game.Pos) = (3, 8, 2, 4);
        var (reward, terminal) = game.Act(MinAtarAction.Left);
        Assert.Equal((0, false), (reward, terminal));
        Assert.Equal((4, 8, 1, 3), (game.BallX, game.BallY, game.BallDir, game.Pos));
    }

    [Fact]
    public void BreakoutMissEndsTheEpisode()
    {
        var game = new Breakout(new LegacyRandomState(0));
        game.Reset();
        (game.BallX, game.BallY, game.BallDir, game.Pos) = (0, 8, 2, 7);
        Assert.True(game.Act(MinAtarAction.Noop).Terminal);
        Assert.Equal((0, true), game.Act(MinAtarAction.Noop));
    }

    [Fact]
    public void AsterixRampsOnStep102()
    {
        var game = new Asterix(new LegacyRandomState(1), ramping: true);
        game.Reset();
        for (int t = 1; t <= 102; t++)
        {
            game.IsTerminal = false; // keep playing whatever spawns
            game.Act(MinAtarAction.Noop);
            Assert.Equal(t < 102 ? 0 : 1, game.RampIndex);
        }
        Assert.Equal(9, game.SpawnSpeed);
        Assert.Equal(5, game.MoveSpeed); // move speed drops only at odd ramp indices
    }

    [Fact]
    public void FreewayLastsExactly2501Steps()
    {
        var game = new Freeway(new LegacyRandomState(2));
        game.Reset();
        for (int t = 1; t <= 2500; t++) Assert.False(game.Act(MinAtarAction.Noop).Terminal);
        Assert.True(game.Act(MinAtarAction.Noop).Terminal);
    }

    [Fact]
    public void FreewayChickenFirstMovesOnStep4()
    {
        var game = new Freeway(new LegacyRandomState(3));
        game.Reset();
        foreach (var car in game.Cars) car.Timer = 100; // park the traffic
        for (int t = 1; t <= 3; t++)
        {
            game.Act(MinAtarAction.Up);
            Assert.Equal(9, game.Pos);
        }
        game.Act(MinAtarAction.Up);
        Assert.Equal(8, game.Pos);
    }

    [Fact]
    public void SeaquestSixDiversPayTheOxygenBonusAndLeaveMinusOne()
    {
        var game = new Seaquest(new LegacyRandomState(4), ramping: true);
        game.Reset();
        (game.SubY, game.Surface, game.DiverCount, game.Oxygen) = (0, false, 6, 150);
        var (reward, terminal) = game.Act(MinAtarAction.Noop);
        Assert.Equal(150 * 10 / 200, reward);
        Assert.False(terminal);
        Assert.Equal((-1, 200, 1, 19), (game.DiverCount, game.Oxygen, game.RampIndex, game.ESpawnSpeed));
    }

    [Fact]
    public void SeaquestSurfacingWithoutDiversEndsTheEpisode()
    {
        var game = new Seaquest(new LegacyRandomState(5), ramping: true);
        game.Reset();
        (game.SubY, game.Surface) = (1, false);
        Assert.Equal((0, true), game.Act(MinAtarAction.Up)); // reaches row 0 with no diver on board
        Assert.Equal(0, game.SubY);
    }

    [Fact]
    public void SpaceInvadersAliensReachingTheBottomEndTheEpisode()
    {
        // Not in the golden data: a downward move that starts with an alien in row 9, away from the cannon.
        var game = new SpaceInvaders(ramping: true);
        game.Reset();
        Array.Clear(game.AlienMap);
        game.AlienMap[(9 * 10) + 0] = true;
        (game.AlienDir, game.AlienMoveTimer, game.AlienShotTimer, game.Pos) = (-1, 0, 5, 5);
        var (reward, terminal) = game.Act(MinAtarAction.Noop);
        Assert.Equal((0, true), (reward, terminal));
        Assert.Equal(1, game.AlienDir);
        Assert.True(game.AlienMap[0]); // np.roll wraps row 9 to row 0
    }

    [Fact]
    public void SpaceInvadersShootsFromTheNearestColumnLeftFirst()
    {
        var game = new SpaceInvaders(ramping: true);
        game.Reset();
        Array.Clear(game.AlienMap);
        game.AlienMap[(2 * 10) + 3] = true; // column 3, row 2
        game.AlienMap[(4 * 10) + 7] = true; // column 7, row 4
        game.AlienMap[(1 * 10) + 7] = true;
        (game.Pos, game.AlienShotTimer, game.AlienMoveTimer) = (5, 0, 50);
        game.Act(MinAtarAction.Noop);
        // Columns 3 and 7 are both two away from the cannon; the left one wins, from its lowest alien.
        Assert.True(game.EBulletMap[(2 * 10) + 3]);
        Assert.Equal(1, game.EBulletMap.Count(b => b));
    }
}
