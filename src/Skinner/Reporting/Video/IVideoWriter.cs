using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Video;

/// <summary>
/// A video being written one frame at a time, without holding the frames. The file appears, complete, when
/// <see cref="Complete"/> runs (disposing completes a video that has frames); <see cref="Abort"/> discards it.
/// Every frame must have the size of the first.
/// </summary>
public interface IVideoWriter : IDisposable
{
    /// <summary>The file the video is written to.</summary>
    string FilePath { get; }

    /// <summary>Frames added so far.</summary>
    int FrameCount { get; }

    /// <summary>Appends a frame.</summary>
    void AddFrame(Frame frame);

    /// <summary>Finishes the file and moves it into place. Throws if no frame was added.</summary>
    void Complete();

    /// <summary>Discards what was written; the target path is left as it was.</summary>
    void Abort();
}
