using System.Security.Cryptography;
using Skinner.Envs.Rendering;

namespace Skinner.Envs.MinAtar;

/// <summary>
/// A MinAtar game (Young and Tian 2019) behind the <see cref="IEnv"/> interface, as MinAtar's Gymnasium
/// wrapper (<c>minatar/gym.py</c>) and its <c>Environment</c> class (<c>minatar/environment.py</c>) present
/// it: sticky actions, difficulty ramping, and one NumPy legacy <c>RandomState</c> stream shared by the
/// sticky draws and the game. A seeded episode reproduces the Python original draw for draw.
/// </summary>
/// <remarks>
/// <para>The games are rebuilt in C# from MinAtar's published source (kenjyoung/MinAtar), following the
/// written specification in the project's environment specs (MinAtar sections), and are checked step by step
/// against golden episodes recorded from the Python original.</para>
/// <para>The observation is the state as MinAtar returns it, <c>[y, x, c]</c> (height, width, channel) with
/// y = 0 the top row, flattened row-major: element <c>(y * 10 + x) * C + c</c> is 1 when channel c is on at
/// that cell and 0 otherwise. The space is <c>Box(0, 1, [10, 10, C])</c>.</para>
/// <para>Seeding: <c>Reset(seed)</c> re-seeds the stream as <c>RandomState(seed)</c> (so 0 ≤ seed &lt; 2^32)
/// before the game's reset, as the wrapper's <c>reset(seed=s)</c> calls <c>env.seed(s)</c> then
/// <c>env.reset()</c>. <c>Reset()</c> keeps the stream. Until the first seed the stream is seeded from the
/// operating system, as MinAtar's is (the unseeded streams themselves differ from NumPy's).</para>
/// <para>Every <see cref="Step"/> first draws <c>u = rand()</c>, also after the game has ended; when
/// <c>u &lt; StickyActionProb</c> the previous applied action is repeated. The previous action starts at 0
/// (no-op) and survives resets, as in MinAtar. The reward is an integer; <c>Truncated</c> is never set and
/// MinAtar registers no time limit (Freeway ends itself after 2500 steps).</para>
/// </remarks>
public sealed class MinAtarEnv : IEnv
{
    /// <summary>Pixels per board cell in <see cref="Render"/>.</summary>
    public const int CellPixels = 16;

    private static readonly int[] s_fullActionSet = [0, 1, 2, 3, 4, 5];

    private readonly int[] _actionSet;
    private readonly byte[][] _colors;
    private bool _started;

    /// <summary>
    /// Builds <paramref name="game"/>. With <paramref name="minimalActionSet"/> the action space holds only
    /// the actions the game reacts to, as the <c>-v1</c> ids do; otherwise all six (<c>n l u r d f</c>).
    /// </summary>
    public MinAtarEnv(MinAtarGame game, bool minimalActionSet = false, double stickyActionProb = 0.1, bool difficultyRamping = true)
    {
        if (!(stickyActionProb >= 0 && stickyActionProb <= 1))
            throw new ArgumentOutOfRangeException(nameof(stickyActionProb), stickyActionProb, "The sticky-action probability must lie in [0, 1].");
        GameKind = game;
        StickyActionProb = stickyActionProb;
        DifficultyRamping = difficultyRamping;
        Random = new LegacyRandomState(BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)));
        Game = game switch
        {
            MinAtarGame.Breakout => new Breakout(Random),
            MinAtarGame.Asterix => new Asterix(Random, difficultyRamping),
            MinAtarGame.Freeway => new Freeway(Random),
            MinAtarGame.Seaquest => new Seaquest(Random, difficultyRamping),
            MinAtarGame.SpaceInvaders => new SpaceInvaders(difficultyRamping),
            _ => throw new ArgumentOutOfRangeException(nameof(game), game, "Unknown MinAtar game."),
        };
        _actionSet = minimalActionSet ? [.. MinimalActionSet(game)] : s_fullActionSet;
        ActionSpace = new Discrete(_actionSet.Length);
        ObservationSpace = new Box(0f, 1f, Grid.Size, Grid.Size, Game.Channels);
        _colors = MinAtarPalette.Colors(Game.Channels);
    }

    /// <summary>Which game this is.</summary>
    public MinAtarGame GameKind { get; }

    /// <summary>The probability that a step repeats the previous action instead of the one given.</summary>
    public double StickyActionProb { get; }

    /// <summary>Whether the game speeds up as the episode goes on (Asterix, Seaquest, SpaceInvaders).</summary>
    public bool DifficultyRamping { get; }

    /// <summary>The observation channels' names, in order.</summary>
    public IReadOnlyList<string> ChannelNames => Game.ChannelNames;

    /// <summary>The MinAtar action (0..5 = n, l, u, r, d, f) each action index stands for.</summary>
    public IReadOnlyList<int> ActionSet => _actionSet;

    /// <summary>MinAtar's <c>difficulty_ramp()</c>: how many times the game has sped up; null for Breakout and Freeway.</summary>
    public int? DifficultyRamp => Game.DifficultyRamp;

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <inheritdoc />
    public EnvSpec? Spec { get; set; }

    internal IMinAtarGame Game { get; }

    internal LegacyRandomState Random { get; }

    /// <summary>The MinAtar action applied by the last step (0 before any).</summary>
    internal int LastAction { get; private set; }

    /// <summary>The sticky draw <c>u</c> of the last step.</summary>
    internal double LastStickyDraw { get; private set; }

    /// <summary>The minimal action set of <paramref name="game"/>, as MinAtar's <c>-v1</c> registration lists it.</summary>
    public static IReadOnlyList<int> MinimalActionSet(MinAtarGame game) => game switch
    {
        MinAtarGame.Breakout => [0, 1, 3],
        MinAtarGame.Asterix => [0, 1, 2, 3, 4],
        MinAtarGame.Freeway => [0, 2, 4],
        MinAtarGame.Seaquest => [0, 1, 2, 3, 4, 5],
        MinAtarGame.SpaceInvaders => [0, 1, 3, 5],
        _ => throw new ArgumentOutOfRangeException(nameof(game), game, "Unknown MinAtar game."),
    };

    /// <inheritdoc />
    /// <remarks><paramref name="options"/> are accepted and ignored, as MinAtar's wrapper ignores them.</remarks>
    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is long s)
        {
            if (s < 0 || s > uint.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(seed), s, "MinAtar seeds NumPy's legacy RandomState, which takes a seed in [0, 2^32 - 1].");
            Random.Seed((uint)s);
        }
        Game.Reset();
        _started = true;
        return new ResetResult(Observe(), null);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (!_started) throw new InvalidOperationException("Call Reset before Step.");
        int a = _actionSet[ActionIndex(action)];
        LastStickyDraw = Random.Rand();
        if (LastStickyDraw < StickyActionProb) a = LastAction;
        LastAction = a;
        var (reward, terminal) = Game.Act(a);
        return new StepResult(Observe(), reward, terminal, false, null);
    }

    /// <inheritdoc />
    /// <remarks>A <c>10·16 × 10·16</c> picture, one colour per channel (see <see cref="MinAtarPalette"/>).</remarks>
    public Frame? Render()
    {
        if (!_started) throw new InvalidOperationException("Call Reset before Render.");
        return MinAtarPalette.Paint(Observe(), Game.Channels, _colors, CellPixels);
    }

    /// <summary>Captures the observation grid; the cells are painted when the capture is drawn.</summary>
    public PendingFrame? CaptureFrame()
    {
        if (!_started) throw new InvalidOperationException("Call Reset before CaptureFrame.");
        float[] grid = Observe();
        int channels = Game.Channels;
        byte[][] colors = _colors;
        return new PendingFrame(() => MinAtarPalette.Paint(grid, channels, colors, CellPixels), grid.LongLength * sizeof(float) + PendingFrame.DefaultRetainedBytes);
    }

    /// <summary>The colour <see cref="Render"/> gives a cell whose highest active channel is <paramref name="channel"/>.</summary>
    public ReadOnlySpan<byte> ChannelColor(int channel) => _colors[channel];

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The current state as a fresh <c>[y, x, c]</c> observation.</summary>
    internal float[] Observe()
    {
        var obs = new float[Grid.Size * Grid.Size * Game.Channels];
        Game.Observe(obs);
        return obs;
    }

    private int ActionIndex(ReadOnlySpan<float> action)
    {
        if (action.Length != 1)
            throw new ArgumentException($"A MinAtar action is one index; got {action.Length} values.", nameof(action));
        float v = action[0];
        if (v != MathF.Floor(v) || v < 0 || v >= _actionSet.Length)
            throw new ArgumentOutOfRangeException(nameof(action), v, $"A MinAtar {GameKind} action is an integer in [0, {_actionSet.Length - 1}].");
        return (int)v;
    }
}
