namespace Skinner.Envs.Rendering;

/// <summary>
/// A picture of one moment of an environment, captured now and drawn later, possibly on another thread: what
/// <see cref="IEnv.CaptureFrame"/> returns. The classic-control environments capture the few numbers their picture
/// is drawn from (a cart position and a pole angle), which costs next to nothing on the training thread, and leave
/// the drawing to whoever calls <see cref="Draw"/> (a video encoder's thread, see <see cref="IVideoSink"/>).
/// An environment without such a shortcut draws at once and wraps the frame (<see cref="Of"/>).
/// </summary>
public sealed class PendingFrame
{
    /// <summary>What a deferred capture is assumed to keep alive until drawn when its creator does not say: the
    /// delegate, its closure and this object.</summary>
    public const long DefaultRetainedBytes = 128;

    private readonly Func<Frame>? _draw;
    private readonly Frame? _frame;

    /// <summary>A capture drawn later by <paramref name="draw"/>.</summary>
    /// <param name="draw">Draws the captured moment into a fresh frame. It must depend only on values copied at
    /// capture time (not on the environment, which moves on) and be safe to call from any thread.</param>
    /// <param name="retainedBytes">Roughly how much memory the capture holds until it is drawn; bounded queues of
    /// frames count it against their capacity.</param>
    public PendingFrame(Func<Frame> draw, long retainedBytes = DefaultRetainedBytes)
    {
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentOutOfRangeException.ThrowIfNegative(retainedBytes);
        _draw = draw;
        RetainedBytes = retainedBytes;
    }

    private PendingFrame(Frame frame)
    {
        _frame = frame;
        RetainedBytes = frame.Rgb.LongLength + DefaultRetainedBytes;
    }

    /// <summary>Roughly how much memory this capture holds until it is drawn (the pixels, for a frame drawn already).</summary>
    public long RetainedBytes { get; }

    /// <summary>True when the picture was drawn at capture time (<see cref="Of"/>).</summary>
    public bool IsDrawn => _frame is not null;

    /// <summary>Wraps a frame drawn already; null for null (an environment that cannot draw itself).</summary>
    public static PendingFrame? Of(Frame? frame) => frame is null ? null : new PendingFrame(frame);

    /// <summary>The picture of the captured moment. A deferred capture draws a fresh frame on every call; a wrapped
    /// frame is returned as it is.</summary>
    public Frame Draw() => _frame ?? _draw!();
}
