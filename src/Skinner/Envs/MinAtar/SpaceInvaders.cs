namespace Skinner.Envs.MinAtar;

/// <summary>
/// MinAtar SpaceInvaders (<c>minatar/environments/space_invaders.py</c>): a cannon in the bottom row shoots a
/// block of aliens that sweeps sideways and steps down at the walls; +1 per alien, the episode ends when an
/// alien bullet or an alien reaches the cannon. Each cleared wave makes the next one faster when ramping is
/// on. The game draws no random numbers.
/// </summary>
internal sealed class SpaceInvaders : IMinAtarGame
{
    public const int CannonChannel = 0, AlienChannel = 1, AlienLeftChannel = 2, AlienRightChannel = 3,
        FriendlyBulletChannel = 4, EnemyBulletChannel = 5;

    public const int ShotCoolDown = 5, InitEnemyMoveInterval = 12, EnemyShotInterval = 10;

    private const int Cells = Grid.Size * Grid.Size;

    private readonly bool _ramping;

    public SpaceInvaders(bool ramping) => _ramping = ramping;

    internal int Pos, AlienDir, EnemyMoveInterval, AlienMoveTimer, AlienShotTimer, RampIndex, ShotTimer;
    internal bool IsTerminal;

    /// <summary>Maps of aliens and bullets, <c>[y * 10 + x]</c>.</summary>
    internal bool[] AlienMap { get; } = new bool[Cells];

    internal bool[] FBulletMap { get; } = new bool[Cells];

    internal bool[] EBulletMap { get; } = new bool[Cells];

    public int Channels => 6;

    public IReadOnlyList<string> ChannelNames { get; } =
        ["cannon", "alien", "alien_left", "alien_right", "friendly_bullet", "enemy_bullet"];

    public bool Terminal => IsTerminal;

    public int? DifficultyRamp => RampIndex;

    public void Reset()
    {
        Pos = 5;
        Array.Clear(AlienMap);
        Array.Clear(FBulletMap);
        Array.Clear(EBulletMap);
        FillAliens();
        AlienDir = -1;
        EnemyMoveInterval = AlienMoveTimer = InitEnemyMoveInterval;
        AlienShotTimer = EnemyShotInterval;
        RampIndex = 0;
        ShotTimer = 0;
        IsTerminal = false;
    }

    public (int Reward, bool Terminal) Act(int action)
    {
        if (IsTerminal) return (0, true);
        if (action == MinAtarAction.Fire && ShotTimer == 0)
        {
            FBulletMap[At(9, Pos)] = true;
            ShotTimer = ShotCoolDown;
        }
        else if (action == MinAtarAction.Left)
        {
            Pos = Math.Max(0, Pos - 1);
        }
        else if (action == MinAtarAction.Right)
        {
            Pos = Math.Min(9, Pos + 1);
        }
        ShiftRows(FBulletMap, -1);
        ShiftRows(EBulletMap, 1);
        if (EBulletMap[At(9, Pos)]) IsTerminal = true;
        if (AlienMap[At(9, Pos)]) IsTerminal = true;
        if (AlienMoveTimer == 0) MoveAliens();
        if (AlienShotTimer == 0)
        {
            AlienShotTimer = EnemyShotInterval;
            Shoot();
        }
        int r = 0;
        // Kills are settled once, after everything has moved, so a bullet and an alien can pass each other.
        for (int i = 0; i < Cells; i++)
        {
            if (AlienMap[i] && FBulletMap[i])
            {
                r++;
                AlienMap[i] = FBulletMap[i] = false;
            }
        }
        if (ShotTimer > 0) ShotTimer--;
        AlienMoveTimer--;
        AlienShotTimer--;
        if (!AlienMap.Contains(true))
        {
            if (EnemyMoveInterval > 6 && _ramping)
            {
                EnemyMoveInterval--;
                RampIndex++;
            }
            FillAliens(); // a new wave; the direction and every timer are kept
        }
        return (r, IsTerminal);
    }

    public void Observe(Span<float> obs)
    {
        Grid.Set(obs, Channels, 9, Pos, CannonChannel);
        for (int i = 0; i < Cells; i++)
        {
            int y = i / Grid.Size, x = i % Grid.Size;
            if (AlienMap[i])
            {
                Grid.Set(obs, Channels, y, x, AlienChannel);
                if (AlienDir < 0) Grid.Set(obs, Channels, y, x, AlienLeftChannel);
                if (AlienDir > 0) Grid.Set(obs, Channels, y, x, AlienRightChannel);
            }
            if (FBulletMap[i]) Grid.Set(obs, Channels, y, x, FriendlyBulletChannel);
            if (EBulletMap[i]) Grid.Set(obs, Channels, y, x, EnemyBulletChannel);
        }
    }

    private static int At(int y, int x) => (y * Grid.Size) + x;

    private void MoveAliens()
    {
        AlienMoveTimer = Math.Min(Count(AlienMap), EnemyMoveInterval);
        if ((ColumnHasAlien(0) && AlienDir < 0) || (ColumnHasAlien(9) && AlienDir > 0))
        {
            AlienDir = -AlienDir;
            if (RowHasAlien(9)) IsTerminal = true; // the aliens reached the bottom
            RollRowsDown(AlienMap);
        }
        else
        {
            ShiftColumns(AlienMap, AlienDir);
        }
        if (AlienMap[At(9, Pos)]) IsTerminal = true;
    }

    // The alien nearest the cannon's column shoots: columns in the order pos, pos-1, pos+1, pos-2, ...
    // (Python's stable sort by distance), from the lowest alien in that column.
    private void Shoot()
    {
        for (int d = 0; d < Grid.Size; d++)
        {
            if (ShootFrom(Pos - d)) return;
            if (d > 0 && ShootFrom(Pos + d)) return;
        }
    }

    private bool ShootFrom(int column)
    {
        if (Grid.Outside(column)) return false;
        for (int y = Grid.Size - 1; y >= 0; y--)
        {
            if (AlienMap[At(y, column)])
            {
                EBulletMap[At(y, column)] = true;
                return true;
            }
        }
        return false;
    }

    private bool ColumnHasAlien(int x)
    {
        for (int y = 0; y < Grid.Size; y++)
            if (AlienMap[At(y, x)]) return true;
        return false;
    }

    private bool RowHasAlien(int y) => AlienMap.AsSpan(y * Grid.Size, Grid.Size).Contains(true);

    private void FillAliens()
    {
        for (int y = 0; y < 4; y++)
            for (int x = 2; x < 8; x++) AlienMap[At(y, x)] = true;
    }

    // new[y] = old[y - dy] for dy = ±1; the row shifted in is empty (bullets leave the board).
    private static void ShiftRows(bool[] map, int dy)
    {
        if (dy > 0)
        {
            Array.Copy(map, 0, map, Grid.Size, Cells - Grid.Size);
            Array.Clear(map, 0, Grid.Size);
        }
        else
        {
            Array.Copy(map, Grid.Size, map, 0, Cells - Grid.Size);
            Array.Clear(map, Cells - Grid.Size, Grid.Size);
        }
    }

    // np.roll(map, 1, axis=0): the bottom row wraps to the top.
    private static void RollRowsDown(bool[] map)
    {
        Span<bool> bottom = stackalloc bool[Grid.Size];
        map.AsSpan(Cells - Grid.Size).CopyTo(bottom);
        Array.Copy(map, 0, map, Grid.Size, Cells - Grid.Size);
        bottom.CopyTo(map);
    }

    // np.roll(map, dx, axis=1): new[x] = old[(x - dx) mod 10] in every row.
    private static void ShiftColumns(bool[] map, int dx)
    {
        Span<bool> row = stackalloc bool[Grid.Size];
        for (int y = 0; y < Grid.Size; y++)
        {
            var target = map.AsSpan(y * Grid.Size, Grid.Size);
            target.CopyTo(row);
            for (int x = 0; x < Grid.Size; x++) target[x] = row[(((x - dx) % Grid.Size) + Grid.Size) % Grid.Size];
        }
    }

    private static int Count(bool[] map)
    {
        int n = 0;
        foreach (bool b in map)
            if (b) n++;
        return n;
    }
}
