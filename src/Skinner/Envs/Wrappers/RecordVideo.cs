using Skinner.Envs.Rendering;

namespace Skinner.Envs.Wrappers;

/// <summary>
/// Records chosen episodes: for every episode whose index passes the trigger, the frame after the reset
/// and after every step go to an <see cref="IVideoSink"/>, as Gymnasium's <c>RecordVideo</c>. Frames are handed
/// over as captures (<see cref="IEnv.CaptureFrame"/>), drawn by the sink. Episodes are
/// counted from 0 at the first reset. The default trigger is Gymnasium's: episodes 0, 1, 8, 27, ...
/// (perfect cubes) below 1000, then every 1000th.
/// </summary>
public sealed class RecordVideo : Wrapper
{
    private readonly IVideoSink _sink;
    private readonly Func<int, bool> _trigger;
    private bool _recording;

    /// <summary>Wraps <paramref name="env"/>, recording the episodes whose index passes <paramref name="episodeTrigger"/>.</summary>
    public RecordVideo(IEnv env, IVideoSink sink, Func<int, bool>? episodeTrigger = null)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _trigger = episodeTrigger ?? CubicSchedule;
    }

    /// <summary>The index of the current episode; -1 before the first reset.</summary>
    public int EpisodeIndex { get; private set; } = -1;

    /// <summary>Whether the current episode is being recorded.</summary>
    public bool IsRecording => _recording;

    /// <summary>A trigger that records every <paramref name="n"/>-th episode, starting with episode 0.</summary>
    public static Func<int, bool> Every(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return episode => episode % n == 0;
    }

    /// <summary>Gymnasium's default: perfect cubes below 1000, then every 1000th episode.</summary>
    public static bool CubicSchedule(int episode)
    {
        if (episode >= 1000) return episode % 1000 == 0;
        int root = (int)Math.Round(Math.Cbrt(episode));
        return root * root * root == episode;
    }

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        // An episode abandoned half-way still gets a complete video.
        Stop();
        EpisodeIndex++;
        if (_trigger(EpisodeIndex))
        {
            _sink.BeginEpisode(EpisodeIndex);
            _recording = true;
            Capture();
        }
        return r;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        if (_recording)
        {
            Capture();
            if (r.Done) Stop();
        }
        return r;
    }

    /// <summary>Ends a recording still in progress, then disposes the wrapped environment.</summary>
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing) Stop();
        }
        finally
        {
            base.Dispose(disposing);
        }
    }

    // The frame is captured, not drawn: an environment that can defer its drawing leaves it to the sink, which may
    // draw and encode on another thread (BackgroundVideoSink).
    private void Capture()
    {
        var frame = Env.CaptureFrame() ?? throw new InvalidOperationException(
            "RecordVideo needs an environment that renders, but Render() returned null. Record an environment that draws itself, or remove RecordVideo.");
        _sink.AddFrame(frame);
    }

    private void Stop()
    {
        if (!_recording) return;
        _recording = false;
        _sink.EndEpisode();
    }
}
