namespace Skinner.Envs.MinAtar;

/// <summary>
/// MinAtar Freeway (<c>minatar/environments/freeway.py</c>): a chicken in column 4 crosses eight lanes of
/// cars; +1 per crossing, after which the cars get new random speeds. A car sends the chicken back to the
/// bottom. Every episode lasts 2501 steps. No difficulty ramping.
/// </summary>
internal sealed class Freeway : IMinAtarGame
{
    public const int ChickenChannel = 0, CarChannel = 1;
    public const int PlayerSpeed = 3, TimeLimit = 2500;

    private readonly LegacyRandomState _random;

    public Freeway(LegacyRandomState random) => _random = random;

    internal int Pos, MoveTimer, TerminateTimer;
    internal bool IsTerminal;

    /// <summary>Car i drives in row i + 1.</summary>
    internal FreewayCar[] Cars { get; } = [.. Enumerable.Range(0, 8).Select(i => new FreewayCar { Y = i + 1 })];

    public int Channels => 7;

    public IReadOnlyList<string> ChannelNames { get; } = ["chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"];

    public bool Terminal => IsTerminal;

    public int? DifficultyRamp => null;

    public void Reset()
    {
        RandomizeCars(initialize: true);
        Pos = 9;
        MoveTimer = PlayerSpeed;
        TerminateTimer = TimeLimit;
        IsTerminal = false;
    }

    public (int Reward, bool Terminal) Act(int action)
    {
        if (IsTerminal) return (0, true);
        int r = 0;
        if (action == MinAtarAction.Up && MoveTimer == 0)
        {
            MoveTimer = PlayerSpeed;
            Pos = Math.Max(0, Pos - 1);
        }
        else if (action == MinAtarAction.Down && MoveTimer == 0)
        {
            MoveTimer = PlayerSpeed;
            Pos = Math.Min(9, Pos + 1);
        }
        if (Pos == 0)
        {
            r++;
            RandomizeCars(initialize: false); // the new speeds apply in this same step
            Pos = 9;
        }
        foreach (var car in Cars)
        {
            if (car.X == 4 && car.Y == Pos) Pos = 9;
            if (car.Timer == 0)
            {
                car.Timer = Math.Abs(car.Speed);
                car.X += car.Speed > 0 ? 1 : -1;
                if (car.X < 0) car.X = 9;
                else if (car.X > 9) car.X = 0;
                if (car.X == 4 && car.Y == Pos) Pos = 9;
            }
            else
            {
                car.Timer--;
            }
        }
        if (MoveTimer > 0) MoveTimer--;
        TerminateTimer--;
        if (TerminateTimer < 0) IsTerminal = true;
        return (r, IsTerminal);
    }

    public void Observe(Span<float> obs)
    {
        Grid.Set(obs, Channels, Pos, 4, ChickenChannel);
        foreach (var car in Cars)
        {
            Grid.Set(obs, Channels, car.Y, car.X, CarChannel);
            int back = car.Speed > 0 ? car.X - 1 : car.X + 1;
            if (back < 0) back = 9;
            else if (back > 9) back = 0;
            Grid.Set(obs, Channels, car.Y, back, 1 + Math.Abs(car.Speed));
        }
    }

    // randint(1, 6, size=8) then sign(rand(8) - 0.5): all eight speeds are drawn before any direction.
    private void RandomizeCars(bool initialize)
    {
        Span<int> speeds = stackalloc int[8];
        for (int i = 0; i < 8; i++) speeds[i] = (int)_random.RandInt(1, 6);
        for (int i = 0; i < 8; i++)
        {
            double u = _random.Rand();
            int direction = u > 0.5 ? 1 : u < 0.5 ? -1 : 0;
            int speed = speeds[i] * direction;
            if (initialize) (Cars[i].X, Cars[i].Y) = (0, i + 1);
            Cars[i].Timer = Math.Abs(speed);
            Cars[i].Speed = speed;
        }
    }
}

/// <summary>A Freeway car: <c>[x, y, timer, speed]</c> in the original; speed is signed, positive moves right.</summary>
internal sealed class FreewayCar
{
    public int X;
    public int Y;
    public int Timer;
    public int Speed;
}
