namespace Skinner.Envs.MinAtar;

/// <summary>
/// MinAtar Seaquest (<c>minatar/environments/seaquest.py</c>): a submarine shoots fish and enemy subs
/// (+1 each), collects divers, and must surface with at least one diver before its oxygen runs out;
/// surfacing with six pays a bonus for the oxygen left. Enemies get faster and more frequent per surfacing
/// when ramping is on.
/// </summary>
/// <remarks>
/// The objects live in lists whose order the rules depend on, and the original mutates them while it walks
/// them backwards and removes by value; <see cref="PyList"/> keeps those semantics. Each object is a Python
/// list of ints (a boolean stored as 0/1), with the field offsets below.
/// </remarks>
internal sealed class Seaquest : IMinAtarGame
{
    public const int SubFront = 0, SubBack = 1, FriendlyBullet = 2, Trail = 3, EnemyBullet = 4, EnemyFish = 5,
        EnemySub = 6, OxygenGauge = 7, DiverGauge = 8, Diver = 9;

    public const int MaxOxygen = 200, InitSpawnSpeed = 20, DiverSpawnSpeed = 30, InitMoveInterval = 5,
        ShotCoolDown = 5, EnemyShotInterval = 10, DiverMoveInterval = 5;

    // Fields of the objects: bullets [x, y, dir]; fish and divers [x, y, lr, move_timer]; subs add shot_timer.
    public const int X = 0, Y = 1, Lr = 2, MoveTimer = 3, ShotTimer = 4;

    private readonly LegacyRandomState _random;
    private readonly bool _ramping;

    public Seaquest(LegacyRandomState random, bool ramping)
    {
        _random = random;
        _ramping = ramping;
    }

    internal int Oxygen, DiverCount, SubX, SubY, ESpawnSpeed, ESpawnTimer, DSpawnTimer, MoveSpeed, RampIndex, ShotTimerLeft;
    internal bool SubOr, Surface, IsTerminal;

    internal List<int[]> FBullets { get; } = [];
    internal List<int[]> EBullets { get; } = [];
    internal List<int[]> EFish { get; } = [];
    internal List<int[]> ESubs { get; } = [];
    internal List<int[]> Divers { get; } = [];

    public int Channels => 10;

    public IReadOnlyList<string> ChannelNames { get; } =
        ["sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish", "enemy_sub", "oxygen_guage", "diver_guage", "diver"];

    public bool Terminal => IsTerminal;

    public int? DifficultyRamp => RampIndex;

    public void Reset()
    {
        Oxygen = MaxOxygen;
        DiverCount = 0;
        (SubX, SubY, SubOr) = (5, 0, false);
        FBullets.Clear();
        EBullets.Clear();
        EFish.Clear();
        ESubs.Clear();
        Divers.Clear();
        ESpawnSpeed = ESpawnTimer = InitSpawnSpeed;
        DSpawnTimer = DiverSpawnSpeed;
        MoveSpeed = InitMoveInterval;
        RampIndex = 0;
        ShotTimerLeft = 0;
        Surface = true;
        IsTerminal = false;
    }

    public (int Reward, bool Terminal) Act(int action)
    {
        if (IsTerminal) return (0, true);
        int r = 0;
        if (ESpawnTimer == 0)
        {
            SpawnEnemy();
            ESpawnTimer = ESpawnSpeed;
        }
        if (DSpawnTimer == 0)
        {
            SpawnDiver();
            DSpawnTimer = DiverSpawnSpeed;
        }
        MovePlayer(action);
        r += MoveFriendlyBullets();
        MoveDivers();
        r += MoveEnemySubs();
        MoveEnemyBullets();
        r += MoveFish();
        if (ESpawnTimer > 0) ESpawnTimer--;
        if (DSpawnTimer > 0) DSpawnTimer--;
        if (ShotTimerLeft > 0) ShotTimerLeft--;
        if (Oxygen <= 0) IsTerminal = true; // checked before this step's use: the 201st step under water ends it
        if (SubY > 0)
        {
            Oxygen--;
            Surface = false;
        }
        else if (!Surface)
        {
            if (DiverCount == 0) IsTerminal = true;
            else r += SurfaceSub();
        }
        return (r, IsTerminal);
    }

    public void Observe(Span<float> obs)
    {
        Grid.Set(obs, Channels, SubY, SubX, SubFront);
        Grid.Set(obs, Channels, SubY, SubOr ? SubX - 1 : SubX + 1, SubBack);
        // Python slices: [0 : oxygen*10//200] and [9 - diver_count : 9]; a negative oxygen leaves the gauge empty.
        int oxygenCells = Math.Max(0, Oxygen) * 10 / MaxOxygen;
        for (int x = 0; x < oxygenCells; x++) Grid.Set(obs, Channels, 9, x, OxygenGauge);
        for (int x = Math.Max(0, 9 - DiverCount); x < 9; x++) Grid.Set(obs, Channels, 9, x, DiverGauge);
        foreach (var b in FBullets) Grid.Set(obs, Channels, b[Y], b[X], FriendlyBullet);
        foreach (var b in EBullets) Grid.Set(obs, Channels, b[Y], b[X], EnemyBullet);
        ObserveMovers(obs, EFish, EnemyFish);
        ObserveMovers(obs, ESubs, EnemySub);
        ObserveMovers(obs, Divers, Diver);
    }

    private void ObserveMovers(Span<float> obs, List<int[]> movers, int channel)
    {
        foreach (var m in movers)
        {
            Grid.Set(obs, Channels, m[Y], m[X], channel);
            int back = m[Lr] != 0 ? m[X] - 1 : m[X] + 1;
            if (!Grid.Outside(back)) Grid.Set(obs, Channels, m[Y], back, Trail);
        }
    }

    private void MovePlayer(int action)
    {
        if (action == MinAtarAction.Fire)
        {
            // Fire during the cool-down does nothing (and is not a move).
            if (ShotTimerLeft != 0) return;
            FBullets.Add([SubX, SubY, SubOr ? 1 : 0]);
            ShotTimerLeft = ShotCoolDown;
        }
        else if (action == MinAtarAction.Left)
        {
            SubX = Math.Max(0, SubX - 1);
            SubOr = false;
        }
        else if (action == MinAtarAction.Right)
        {
            SubX = Math.Min(9, SubX + 1);
            SubOr = true;
        }
        else if (action == MinAtarAction.Up)
        {
            SubY = Math.Max(0, SubY - 1);
        }
        else if (action == MinAtarAction.Down)
        {
            SubY = Math.Min(8, SubY + 1);
        }
    }

    private bool AtSub(int[] o) => o[X] == SubX && o[Y] == SubY;

    private static void Step(int[] o) => o[X] += o[Lr] != 0 ? 1 : -1;

    private static int[]? FirstAt(List<int[]> list, int[] o)
    {
        foreach (var v in list)
            if (v[X] == o[X] && v[Y] == o[Y]) return v;
        return null;
    }

    private int MoveFriendlyBullets()
    {
        int r = 0;
        foreach (var b in PyList.Reversed(FBullets))
        {
            Step(b);
            if (Grid.Outside(b[X]))
            {
                PyList.Remove(FBullets, b);
            }
            else if (FirstAt(EFish, b) is { } fish)
            {
                PyList.Remove(EFish, fish);
                PyList.Remove(FBullets, b);
                r++;
            }
            else if (FirstAt(ESubs, b) is { } sub)
            {
                PyList.Remove(ESubs, sub);
                PyList.Remove(FBullets, b);
                r++;
            }
        }
        return r;
    }

    private void MoveDivers()
    {
        foreach (var d in PyList.Reversed(Divers))
        {
            if (AtSub(d) && DiverCount < 6)
            {
                PyList.Remove(Divers, d);
                DiverCount++;
            }
            else if (d[MoveTimer] == 0)
            {
                d[MoveTimer] = DiverMoveInterval;
                Step(d);
                if (Grid.Outside(d[X]))
                {
                    PyList.Remove(Divers, d);
                }
                else if (AtSub(d) && DiverCount < 6)
                {
                    PyList.Remove(Divers, d);
                    DiverCount++;
                }
            }
            else
            {
                d[MoveTimer]--;
            }
        }
    }

    private int MoveEnemySubs()
    {
        int r = 0;
        foreach (var s in PyList.Reversed(ESubs))
        {
            if (AtSub(s)) IsTerminal = true;
            if (s[MoveTimer] == 0)
            {
                s[MoveTimer] = MoveSpeed;
                Step(s);
                if (Grid.Outside(s[X]))
                {
                    PyList.Remove(ESubs, s);
                }
                else if (AtSub(s))
                {
                    IsTerminal = true;
                }
                else if (FirstAt(FBullets, s) is { } bullet)
                {
                    PyList.Remove(ESubs, s);
                    PyList.Remove(FBullets, bullet);
                    r++;
                }
            }
            else
            {
                s[MoveTimer]--;
            }
            // A sub removed just above still fires this step, as in the original.
            if (s[ShotTimer] == 0)
            {
                s[ShotTimer] = EnemyShotInterval;
                EBullets.Add([s[X], s[Y], s[Lr]]);
            }
            else
            {
                s[ShotTimer]--;
            }
        }
        return r;
    }

    private void MoveEnemyBullets()
    {
        foreach (var b in PyList.Reversed(EBullets))
        {
            if (AtSub(b)) IsTerminal = true;
            Step(b);
            if (Grid.Outside(b[X])) PyList.Remove(EBullets, b);
            else if (AtSub(b)) IsTerminal = true;
        }
    }

    private int MoveFish()
    {
        int r = 0;
        foreach (var f in PyList.Reversed(EFish))
        {
            if (AtSub(f)) IsTerminal = true;
            if (f[MoveTimer] == 0)
            {
                f[MoveTimer] = MoveSpeed;
                Step(f);
                if (Grid.Outside(f[X]))
                {
                    PyList.Remove(EFish, f);
                }
                else if (AtSub(f))
                {
                    IsTerminal = true;
                }
                else if (FirstAt(FBullets, f) is { } bullet)
                {
                    PyList.Remove(EFish, f);
                    PyList.Remove(FBullets, bullet);
                    r++;
                }
            }
            else
            {
                f[MoveTimer]--;
            }
        }
        return r;
    }

    private int SurfaceSub()
    {
        Surface = true;
        int rr = 0;
        if (DiverCount == 6)
        {
            DiverCount = 0;
            rr = Oxygen * 10 / MaxOxygen; // oxygen is positive here, so C#'s division is Python's floor division
        }
        Oxygen = MaxOxygen;
        DiverCount--; // after a six-diver surfacing this leaves -1, as the original does
        if (_ramping && (ESpawnSpeed > 1 || MoveSpeed > 2))
        {
            if (MoveSpeed > 2 && RampIndex % 2 == 1) MoveSpeed--;
            if (ESpawnSpeed > 1) ESpawnSpeed--;
            RampIndex++;
        }
        return rr;
    }

    private void SpawnEnemy()
    {
        bool lr = _random.Rand() < 0.5;
        bool isSub = _random.Rand() < 1.0 / 3.0;
        int x = lr ? 0 : 9;
        int y = (int)_random.RandInt(1, 9);
        int lrBit = lr ? 1 : 0;
        // No spawn in a row that holds an enemy going the other way; the draws are spent regardless.
        foreach (var z in ESubs.Concat(EFish))
            if (z[Y] == y && z[Lr] != lrBit) return;
        if (isSub) ESubs.Add([x, y, lrBit, MoveSpeed, EnemyShotInterval]);
        else EFish.Add([x, y, lrBit, MoveSpeed]);
    }

    private void SpawnDiver()
    {
        bool lr = _random.Rand() < 0.5;
        int x = lr ? 0 : 9;
        int y = (int)_random.RandInt(1, 9);
        Divers.Add([x, y, lr ? 1 : 0, DiverMoveInterval]);
    }
}
