namespace Skinner.Envs.Rendering;

/// <summary>
/// Receives the frames of recorded episodes, one episode at a time: <see cref="BeginEpisode"/>, then
/// <see cref="AddFrame"/> for every frame, then <see cref="EndEpisode"/>. Video encoders (GIF, MP4) and
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

    /// <summary>Ends the episode started by the last <see cref="BeginEpisode"/>.</summary>
    void EndEpisode();
}
