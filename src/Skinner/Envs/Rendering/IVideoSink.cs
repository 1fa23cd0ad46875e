namespace Skinner.Envs.Rendering;

/// <summary>
/// Receives the frames of recorded episodes, one episode at a time: <see cref="BeginEpisode"/>, then
/// <c>AddFrame</c> for every frame, then <see cref="EndEpisode"/>. Video encoders (GIF, MP4) and
/// in-memory collectors implement it; the environments themselves never touch files.
/// </summary>
public interface IVideoSink
{
    /// <summary>Starts the recording of episode <paramref name="episodeIndex"/> (0 for the first episode).</summary>
    void BeginEpisode(int episodeIndex);

    /// <summary>
    /// Adds the next frame of the episode. The sink may keep the frame: environments hand out a fresh
    /// frame on every render.
    /// </summary>
    void AddFrame(Frame frame);

    /// <summary>
    /// Adds the next frame of the episode as a capture (<see cref="IEnv.CaptureFrame"/>) that may not be drawn yet.
    /// By default it is drawn at once and passed to <see cref="AddFrame(Frame)"/>; a sink that encodes on another
    /// thread queues the capture and draws it there, so that recording costs the training thread next to nothing.
    /// </summary>
    void AddFrame(PendingFrame frame) => AddFrame(frame.Draw());

    /// <summary>Ends the episode started by the last <see cref="BeginEpisode"/>.</summary>
    void EndEpisode();
}
