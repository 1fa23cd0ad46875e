using Skinner.Envs.Rendering;
using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public sealed class VideoRecorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-rec").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void WritesAGifAlwaysAndAnMp4WhenFfmpegIsThere()
    {
        string videos = Path.Combine(_dir, "videos");
        var frames = Enumerable.Range(0, 4).Select(t =>
        {
            var f = new Frame(6, 8);
            f.Rgb[t * 3] = 255;
            return f;
        }).ToList();
        using (var rec = new VideoRecorder(videos, "episode-0", framesPerSecond: 50))
        {
            foreach (var f in frames) rec.AddFrame(f);
            Assert.Equal(4, rec.FrameCount);
            Assert.Equal(FfmpegVideoWriter.IsAvailable ? 2 : 1, rec.Paths.Count);
        }
        var gif = DecodedGif.Decode(File.ReadAllBytes(Path.Combine(videos, "episode-0.gif")));
        Assert.Equal(frames.Select(f => f.Rgb), gif.Frames);
        Assert.All(gif.Delays, d => Assert.Equal(2, d));
        Assert.Equal(FfmpegVideoWriter.IsAvailable, File.Exists(Path.Combine(videos, "episode-0.mp4")));
    }

    [Fact]
    public void GifOnlyWhenMp4IsTurnedOff()
    {
        using var rec = new VideoRecorder(_dir, "v", mp4: false);
        Assert.Equal([Path.Combine(_dir, "v.gif")], rec.Paths);
    }
}
