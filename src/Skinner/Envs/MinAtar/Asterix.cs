namespace Skinner.Envs.MinAtar;

/// <summary>
/// MinAtar Asterix (<c>minatar/environments/asterix.py</c>): the player moves on rows 1..8 while enemies
/// and gold cross the screen, one lane per row; +1 per gold, the episode ends on touching an enemy.
/// Spawning and movement speed up every 100 steps when ramping is on.
/// </summary>
internal sealed class Asterix : IMinAtarGame
{
    public const int PlayerChannel = 0, EnemyChannel = 1, TrailChannel = 2, GoldChannel = 3;
    public const int RampInterval = 100, InitSpawnSpeed = 10, InitMoveInterval = 5;

    private readonly LegacyRandomState _random;
    private readonly bool _ramping;

    public Asterix(LegacyRandomState random, bool ramping)
    {
        _random = random;
        _ramping = ramping;
    }

    internal int PlayerX, PlayerY, SpawnSpeed, SpawnTimer, MoveSpeed, MoveTimer, RampTimer, RampIndex;
    internal bool IsTerminal;

    /// <summary>Slot i lives in row i + 1; null when empty.</summary>
    internal AsterixEntity?[] Entities { get; } = new AsterixEntity?[8];

    public int Channels => 4;

    public IReadOnlyList<string> ChannelNames { get; } = ["player", "enemy", "trail", "gold"];

    public bool Terminal => IsTerminal;

    public int? DifficultyRamp => RampIndex;

    public void Reset()
    {
        (PlayerX, PlayerY) = (5, 5);
        Array.Clear(Entities);
        SpawnSpeed = SpawnTimer = InitSpawnSpeed;
        MoveSpeed = MoveTimer = InitMoveInterval;
        RampTimer = RampInterval;
        RampIndex = 0;
        IsTerminal = false;
    }

    public (int Reward, bool Terminal) Act(int action)
    {
        if (IsTerminal) return (0, true);
        int r = 0;
        if (SpawnTimer == 0)
        {
            SpawnEntity();
            SpawnTimer = SpawnSpeed;
        }
        switch (action)
        {
            case MinAtarAction.Left: PlayerX = Math.Max(0, PlayerX - 1); break;
            case MinAtarAction.Right: PlayerX = Math.Min(9, PlayerX + 1); break;
            case MinAtarAction.Up: PlayerY = Math.Max(1, PlayerY - 1); break;
            case MinAtarAction.Down: PlayerY = Math.Min(8, PlayerY + 1); break;
        }
        // Collisions with the player's new cell come before the entities move, then again after.
        for (int i = 0; i < Entities.Length; i++)
            if (Entities[i] is { } e && e.X == PlayerX && e.Y == PlayerY) r += Touch(i);
        if (MoveTimer == 0)
        {
            MoveTimer = MoveSpeed;
            for (int i = 0; i < Entities.Length; i++)
            {
                if (Entities[i] is not { } e) continue;
                e.X += e.MovesRight ? 1 : -1;
                if (Grid.Outside(e.X)) Entities[i] = null;
                else if (e.X == PlayerX && e.Y == PlayerY) r += Touch(i);
            }
        }
        SpawnTimer--;
        MoveTimer--;
        Ramp();
        return (r, IsTerminal);
    }

    public void Observe(Span<float> obs)
    {
        Grid.Set(obs, Channels, PlayerY, PlayerX, PlayerChannel);
        foreach (var e in Entities)
        {
            if (e is null) continue;
            Grid.Set(obs, Channels, e.Y, e.X, e.IsGold ? GoldChannel : EnemyChannel);
            int back = e.MovesRight ? e.X - 1 : e.X + 1;
            if (!Grid.Outside(back)) Grid.Set(obs, Channels, e.Y, back, TrailChannel);
        }
    }

    // Gold is collected; an enemy ends the episode but the step still runs to its end.
    private int Touch(int slot)
    {
        if (Entities[slot]!.IsGold)
        {
            Entities[slot] = null;
            return 1;
        }
        IsTerminal = true;
        return 0;
    }

    private void SpawnEntity()
    {
        bool lr = _random.Rand() < 0.5;
        bool gold = _random.Rand() < 1.0 / 3.0;
        Span<int> free = stackalloc int[8];
        int n = 0;
        for (int i = 0; i < Entities.Length; i++)
            if (Entities[i] is null) free[n++] = i;
        if (n == 0) return;
        int slot = free[(int)_random.RandInt(n)];
        Entities[slot] = new AsterixEntity { X = lr ? 0 : 9, Y = slot + 1, MovesRight = lr, IsGold = gold };
    }

    private void Ramp()
    {
        if (!_ramping || (SpawnSpeed <= 1 && MoveSpeed <= 1)) return;
        if (RampTimer >= 0)
        {
            RampTimer--;
            return;
        }
        if (MoveSpeed > 1 && RampIndex % 2 == 1) MoveSpeed--;
        if (SpawnSpeed > 1) SpawnSpeed--;
        RampIndex++;
        RampTimer = RampInterval;
    }
}

/// <summary>An Asterix enemy or gold piece: <c>[x, y, lr, is_gold]</c> in the original.</summary>
internal sealed class AsterixEntity
{
    public int X;
    public int Y;
    public bool MovesRight;
    public bool IsGold;
}
