using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Video;

/// <summary>
/// Records one episode to <c>NAME.gif</c> always and <c>NAME.mp4</c> too when ffmpeg is on the PATH, feeding
/// both from the same frames.
/// </summary>
public sealed class VideoRecorder : IDisposable
{
    private readonly IVideoWriter[] _writers;

    /// <summary>Starts the videos <paramref name="name"/>.gif (and .mp4) in <paramref name="directory"/>.</summary>
    /// <param name="directory">Usually the run directory's <c>videos/</c> folder; created if needed.</param>
    /// <param name="name">File name without extension, e.g. <c>eval-episode-0</c>.</param>
    /// <param name="framesPerSecond">Playback rate (the environment's render fps).</param>
    /// <param name="mp4">Also write an MP4 if ffmpeg is available; false for GIF only.</param>
    public VideoRecorder(string directory, string name, double framesPerSecond = 30, bool mp4 = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var writers = new List<IVideoWriter> { new GifWriter(Path.Combine(directory, name + ".gif"), framesPerSecond) };
        if (mp4 && FfmpegVideoWriter.IsAvailable) writers.Add(new FfmpegVideoWriter(Path.Combine(directory, name + ".mp4"), framesPerSecond));
        _writers = [.. writers];
    }

    /// <summary>The files being written (the GIF first).</summary>
    public IReadOnlyList<string> Paths => [.. _writers.Select(w => w.FilePath)];

    /// <summary>Frames recorded so far.</summary>
    public int FrameCount => _writers[0].FrameCount;

    /// <summary>Appends a frame to every video.</summary>
    public void AddFrame(Frame frame)
    {
        foreach (var w in _writers) w.AddFrame(frame);
    }

    /// <summary>Finishes every video and moves them into place.</summary>
    public void Complete()
    {
        foreach (var w in _writers) w.Complete();
    }

    /// <summary>Discards every video.</summary>
    public void Abort()
    {
        foreach (var w in _writers) w.Abort();
    }

    /// <summary>Completes the videos if they have frames, else discards them.</summary>
    public void Dispose()
    {
        foreach (var w in _writers) w.Dispose();
    }
}
