using Skinner.Envs.Classic;
using Skinner.Envs.Rendering;

namespace Skinner.Envs.Pixels;

/// <summary>
/// CartPole seen through its pictures, as in the PyTorch DQN tutorial: every step renders the 600 × 400
/// frame, keeps the band of rows from 40 % to 80 % of the height and a window 60 % of the width centred on
/// the cart (clamped at the edges), shrinks it to <see cref="ScreenHeight"/> rows by area averaging, and
/// scales the bytes to [0, 1] in channel-major (CHW) order. The observation is the difference between the
/// last two such screens, so that it shows motion; it is zero right after a reset. It lies in [−1, 1].
/// With <c>withScreen</c> the last screen itself comes first (6 channels: the screen, then the difference), so
/// that the pole's angle is visible even when nothing moves; the tutorial's observation is the difference alone.
/// </summary>
public sealed class CartPolePixels : Wrapper
{
    private readonly CartPole _cartPole;
    private readonly Box _observationSpace;
    private readonly bool _withScreen;
    private float[] _last = [];

    /// <summary>Wraps a CartPole environment (possibly already wrapped).</summary>
    /// <param name="env">An environment whose innermost environment is <see cref="CartPole"/>.</param>
    /// <param name="screenHeight">The height of the shrunk screen; the width keeps the crop's aspect ratio.</param>
    /// <param name="withScreen">Observe the last screen and the difference (6 channels) instead of the difference alone.</param>
    public CartPolePixels(IEnv env, int screenHeight = 40, bool withScreen = false)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(screenHeight);
        IEnv inner = env is Wrapper w ? w.Unwrapped : env;
        _cartPole = inner as CartPole
            ?? throw new ArgumentException($"CartPolePixels needs a CartPole environment, got {inner.GetType().Name}.", nameof(env));
        var (_, _, cropHeight, cropWidth) = CropBox(CartPoleRenderer.Height, CartPoleRenderer.Width, 0);
        if (screenHeight > cropHeight) throw new ArgumentOutOfRangeException(nameof(screenHeight), screenHeight, $"The screen height must be at most the crop's {cropHeight} rows.");
        ScreenHeight = screenHeight;
        ScreenWidth = (int)((long)cropWidth * screenHeight / cropHeight);
        _withScreen = withScreen;
        int channels = withScreen ? 6 : 3, n = channels * ScreenHeight * ScreenWidth;
        _observationSpace = new Box(Enumerable.Repeat(-1f, n).ToArray(), Enumerable.Repeat(1f, n).ToArray(), [channels, ScreenHeight, ScreenWidth]);
    }

    /// <summary>Rows of a screen.</summary>
    public int ScreenHeight { get; }

    /// <summary>Columns of a screen (90 for the default 40 rows).</summary>
    public int ScreenWidth { get; }

    /// <summary>
    /// The difference of two screens, <c>[3, ScreenHeight, ScreenWidth]</c>, or the last screen followed by that
    /// difference, <c>[6, ScreenHeight, ScreenWidth]</c>; values in [−1, 1].
    /// </summary>
    public override Space ObservationSpace => _observationSpace;

    /// <summary>A copy of the last screen (CHW, values in [0, 1]).</summary>
    public float[] Screen => [.. _last];

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        _last = Capture();
        return r with { Observation = Observe(_last, _last) };
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        float[] screen = Capture();
        var observation = Observe(screen, _last);
        _last = screen;
        return r with { Observation = observation };
    }

    private float[] Observe(float[] screen, float[] previous)
    {
        int offset = _withScreen ? screen.Length : 0;
        var observation = new float[offset + screen.Length];
        if (_withScreen) screen.CopyTo(observation, 0);
        for (int i = 0; i < screen.Length; i++) observation[offset + i] = screen[i] - previous[i];
        return observation;
    }

    /// <summary>
    /// The tutorial's crop of a <paramref name="height"/> × <paramref name="width"/> frame for a cart drawn
    /// at column <paramref name="cartColumn"/>: first row, first column, rows, columns.
    /// </summary>
    public static (int Top, int Left, int Rows, int Columns) CropBox(int height, int width, int cartColumn)
    {
        int top = (int)(height * 0.4), bottom = (int)(height * 0.8);
        int view = (int)(width * 0.6);
        int left = cartColumn < view / 2 ? 0
            : cartColumn > width - (view / 2) ? width - view
            : cartColumn - (view / 2);
        return (top, left, bottom - top, view);
    }

    private float[] Capture()
    {
        var frame = _cartPole.Render() ?? throw new InvalidOperationException("CartPole returned no frame.");
        double x = _cartPole.GetState()[0];
        // As the tutorial: int(x * scale + width / 2), truncated toward zero.
        int cartColumn = (int)((x * (frame.Width / 4.8)) + (frame.Width / 2.0));
        var (top, left, rows, columns) = CropBox(frame.Height, frame.Width, cartColumn);
        return AreaResize.ToChw(frame, top, left, rows, columns, ScreenHeight, ScreenWidth);
    }
}
