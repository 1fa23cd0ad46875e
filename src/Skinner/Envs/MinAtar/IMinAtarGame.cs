namespace Skinner.Envs.MinAtar;

/// <summary>
/// One MinAtar game's rules, as the Python <c>Env</c> classes in <c>minatar/environments/</c>: reset, act
/// with one of the six actions, draw the state. Sticky actions and seeding live in <see cref="MinAtarEnv"/>.
/// </summary>
internal interface IMinAtarGame
{
    /// <summary>Number of observation channels C; the observation is 10 × 10 × C.</summary>
    int Channels { get; }

    /// <summary>Channel names in order, as the Python game's <c>channels</c> dictionary.</summary>
    IReadOnlyList<string> ChannelNames { get; }

    /// <summary>Whether the episode has ended; <see cref="Act"/> then does nothing.</summary>
    bool Terminal { get; }

    /// <summary>The game's <c>difficulty_ramp()</c>: the ramp index, or null for games without ramping.</summary>
    int? DifficultyRamp { get; }

    /// <summary>Starts a new episode, drawing from the shared generator where the game does.</summary>
    void Reset();

    /// <summary>Applies one of the six actions (<see cref="MinAtarAction"/>); returns the reward and terminal flag.</summary>
    (int Reward, bool Terminal) Act(int action);

    /// <summary>Writes the state into a zeroed <c>[y, x, c]</c> array of 100 × C floats (1 where a channel is on).</summary>
    void Observe(Span<float> obs);
}

/// <summary>MinAtar's six actions, in the order of its <c>action_map</c> (<c>n l u r d f</c>).</summary>
internal static class MinAtarAction
{
    public const int Noop = 0;
    public const int Left = 1;
    public const int Up = 2;
    public const int Right = 3;
    public const int Down = 4;
    public const int Fire = 5;
}

/// <summary>Helpers shared by the games.</summary>
internal static class Grid
{
    /// <summary>The side of the square board.</summary>
    public const int Size = 10;

    /// <summary>Sets channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public static void Set(Span<float> obs, int channels, int y, int x, int c) => obs[(((y * Size) + x) * channels) + c] = 1f;

    /// <summary>Whether a column lies on the board.</summary>
    public static bool Outside(int x) => x < 0 || x > Size - 1;
}
