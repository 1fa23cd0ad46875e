namespace Skinner.Envs.MinAtar;

/// <summary>
/// MinAtar Breakout (<c>minatar/environments/breakout.py</c>): a paddle in the bottom row, a ball moving
/// diagonally, three rows of bricks; +1 per brick, the episode ends when the ball passes the paddle.
/// </summary>
internal sealed class Breakout : IMinAtarGame
{
    public const int PaddleChannel = 0, BallChannel = 1, TrailChannel = 2, BrickChannel = 3;

    // Per direction 0..3 (up-left, up-right, down-right, down-left): the step, and the direction after a bounce.
    private static readonly int[] s_dx = [-1, 1, 1, -1];
    private static readonly int[] s_dy = [-1, -1, 1, 1];
    private static readonly int[] s_flipX = [1, 0, 3, 2];
    private static readonly int[] s_flipY = [3, 2, 1, 0];
    private static readonly int[] s_flipBoth = [2, 3, 0, 1];

    private readonly LegacyRandomState _random;

    public Breakout(LegacyRandomState random) => _random = random;

    internal int BallX, BallY, BallDir, Pos, LastX, LastY;
    internal bool Strike, IsTerminal;

    /// <summary>The bricks, <c>[y * 10 + x]</c>.</summary>
    internal bool[] Bricks { get; } = new bool[Grid.Size * Grid.Size];

    public int Channels => 4;

    public IReadOnlyList<string> ChannelNames { get; } = ["paddle", "ball", "trail", "brick"];

    public bool Terminal => IsTerminal;

    public int? DifficultyRamp => null;

    public void Reset()
    {
        BallY = 3;
        bool right = _random.RandInt(2) == 1;
        (BallX, BallDir) = right ? (9, 3) : (0, 2);
        Pos = 4;
        Array.Clear(Bricks);
        FillBricks();
        Strike = false;
        (LastX, LastY) = (BallX, BallY);
        IsTerminal = false;
    }

    public (int Reward, bool Terminal) Act(int action)
    {
        if (IsTerminal) return (0, true);
        int r = 0;
        if (action == MinAtarAction.Left) Pos = Math.Max(0, Pos - 1);
        else if (action == MinAtarAction.Right) Pos = Math.Min(9, Pos + 1);

        (LastX, LastY) = (BallX, BallY);
        int newX = BallX + s_dx[BallDir], newY = BallY + s_dy[BallDir];
        bool strikeToggle = false;
        if (Grid.Outside(newX))
        {
            newX = Math.Clamp(newX, 0, 9);
            BallDir = s_flipX[BallDir];
        }
        if (newY < 0)
        {
            newY = 0;
            BallDir = s_flipY[BallDir];
        }
        else if (Bricks[(newY * Grid.Size) + newX])
        {
            strikeToggle = true;
            // A second brick right after a strike is entered, not broken: MinAtar's one-step strike latch.
            if (!Strike)
            {
                r++;
                Strike = true;
                Bricks[(newY * Grid.Size) + newX] = false;
                newY = LastY;
                BallDir = s_flipY[BallDir];
            }
        }
        else if (newY == 9)
        {
            if (!Bricks.Contains(true)) FillBricks();
            // The pre-move ball column against the post-move paddle, as the original compares them.
            if (BallX == Pos)
            {
                BallDir = s_flipY[BallDir];
                newY = LastY;
            }
            else if (newX == Pos)
            {
                BallDir = s_flipBoth[BallDir];
                newY = LastY;
            }
            else
            {
                IsTerminal = true;
            }
        }
        if (!strikeToggle) Strike = false;
        (BallX, BallY) = (newX, newY);
        return (r, IsTerminal);
    }

    public void Observe(Span<float> obs)
    {
        Grid.Set(obs, Channels, BallY, BallX, BallChannel);
        Grid.Set(obs, Channels, 9, Pos, PaddleChannel);
        Grid.Set(obs, Channels, LastY, LastX, TrailChannel);
        for (int i = 0; i < Bricks.Length; i++)
            if (Bricks[i]) Grid.Set(obs, Channels, i / Grid.Size, i % Grid.Size, BrickChannel);
    }

    private void FillBricks()
    {
        for (int i = Grid.Size; i < 4 * Grid.Size; i++) Bricks[i] = true;
    }
}
