using Skinner.Envs.Rendering;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs.Wrappers;

public class RecordVideoTests
{
    private sealed class ListSink : IVideoSink
    {
        public List<(int Episode, List<Frame> Frames, bool Ended)> Videos { get; } = [];

        public void BeginEpisode(int episodeIndex)
        {
            Assert.True(Videos.Count == 0 || Videos[^1].Ended, "BeginEpisode before the previous EndEpisode");
            Videos.Add((episodeIndex, [], false));
        }

        public void AddFrame(Frame frame)
        {
            Assert.False(Videos[^1].Ended, "AddFrame after EndEpisode");
            Videos[^1].Frames.Add(frame);
        }

        public void EndEpisode() => Videos[^1] = Videos[^1] with { Ended = true };
    }

    [Fact]
    public void RecordsEveryFrameOfTheTriggeredEpisodes()
    {
        var sink = new ListSink();
        var lengths = new List<int>();
        using (var env = new RecordVideo(new RandomWalkEnv(), sink, RecordVideo.Every(2)))
        {
            env.Reset(seed: 3);
            for (int episode = 0; episode < 5; episode++)
            {
                int steps = 0;
                while (!env.Step([1]).Done) steps++;
                lengths.Add(steps + 1);
                Assert.False(env.IsRecording);
                env.Reset();
            }
        }
        Assert.Equal([0, 2, 4], sink.Videos.Select(v => v.Episode));
        Assert.All(sink.Videos, v => Assert.True(v.Ended));
        // The frame after the reset and one per step.
        Assert.Equal([lengths[0] + 1, lengths[2] + 1, lengths[4] + 1], sink.Videos.Select(v => v.Frames.Count));
    }

    [Fact]
    public void AnAbandonedEpisodeIsClosedByTheNextResetOrByDispose()
    {
        var sink = new ListSink();
        var env = new RecordVideo(new RandomWalkEnv(), sink, _ => true);
        env.Reset(seed: 1);
        env.Step([1]);
        env.Reset();
        Assert.True(sink.Videos[0].Ended);
        Assert.Equal(2, sink.Videos[0].Frames.Count);
        Assert.Equal(1, env.EpisodeIndex);
        env.Dispose();
        Assert.Equal(2, sink.Videos.Count);
        Assert.True(sink.Videos[1].Ended);
        Assert.Single(sink.Videos[1].Frames);
    }

    [Fact]
    public void FramesShowTheState()
    {
        var sink = new ListSink();
        using var env = new RecordVideo(new RandomWalkEnv(), sink, _ => true);
        var obs = env.Reset(seed: 9).Observation;
        var frame = sink.Videos[0].Frames[0];
        int x = (int)obs[0] + RandomWalkEnv.Bound + 1;
        Assert.Equal(255, frame.Rgb[(frame.Width + x) * 3]);
    }

    private sealed class CaptureSink : IVideoSink
    {
        public List<PendingFrame> Captures { get; } = [];

        public void BeginEpisode(int episodeIndex)
        {
        }

        public void AddFrame(Frame frame) => throw new InvalidOperationException("RecordVideo should hand over captures");

        public void AddFrame(PendingFrame frame) => Captures.Add(frame);

        public void EndEpisode()
        {
        }
    }

    [Fact]
    public void FramesAreHandedOverAsCapturesForTheSinkToDraw()
    {
        var sink = new CaptureSink();
        using var env = new RecordVideo(Skinner.Envs.Envs.Make("CartPole-v1"), sink, _ => true);
        env.Reset(seed: 4);
        var first = env.Render()!;
        env.Step([1]);
        var second = env.Render()!;
        Assert.Equal(2, sink.Captures.Count);
        Assert.All(sink.Captures, c => Assert.False(c.IsDrawn));
        Assert.Equal(first.Rgb, sink.Captures[0].Draw().Rgb);
        Assert.Equal(second.Rgb, sink.Captures[1].Draw().Rgb);
    }

    [Fact]
    public void TheDefaultScheduleIsGymnasiumsCubicOne()
    {
        int[] recorded = [.. Enumerable.Range(0, 3001).Where(RecordVideo.CubicSchedule)];
        Assert.Equal([0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000], recorded);
    }

    [Fact]
    public void AnEnvironmentThatCannotDrawIsAnErrorWhenRecorded()
    {
        using var env = new RecordVideo(new EchoEnv(), new ListSink());
        Assert.Contains("Render()", Assert.Throws<InvalidOperationException>(() => env.Reset()).Message, StringComparison.Ordinal);
        using var skipped = new RecordVideo(new EchoEnv(), new ListSink(), _ => false);
        skipped.Reset();
    }
}
