using Skinner.Cli;
using Skinner.Envs;
using Skinner.Envs.Rendering;
using Skinner.Envs.Wrappers;
using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

public sealed class BackgroundVideoSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-bgvideo").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Writes down every call it gets, with the thread it came on; can be held at a call until released.</summary>
    private sealed class LogSink : IVideoSink, IDisposable
    {
        private readonly ManualResetEventSlim _open;
        private readonly Func<string, Exception?>? _fail;

        public LogSink(bool open = true, Func<string, Exception?>? fail = null)
        {
            _open = new ManualResetEventSlim(open);
            _fail = fail;
        }

        public List<string> Calls { get; } = [];

        public HashSet<int> Threads { get; } = [];

        public List<long> QueuedWhileAdding { get; } = [];

        public BackgroundVideoSink? Owner { get; set; }

        public bool Disposed { get; private set; }

        /// <summary>Set once a call is waiting at the closed gate.</summary>
        public ManualResetEventSlim Waiting { get; } = new(false);

        public void Open() => _open.Set();

        public void BeginEpisode(int episodeIndex) => Call($"begin {episodeIndex}");

        public void AddFrame(Frame frame)
        {
            if (Owner is not null) QueuedWhileAdding.Add(Owner.QueuedBytes);
            Call($"frame {frame.Rgb[0]}");
        }

        public void EndEpisode() => Call("end");

        public void Dispose()
        {
            Calls.Add("dispose");
            Disposed = true;
        }

        private void Call(string what)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            if (!_open.IsSet)
            {
                Waiting.Set();
                _open.Wait();
            }
            if (_fail?.Invoke(what) is Exception e) throw e;
            Calls.Add(what);
        }
    }

    private static Frame Tagged(byte tag)
    {
        var f = new Frame(2, 3);
        f.Rgb[0] = tag;
        return f;
    }

    [Fact]
    public void ReplaysEveryCallInOrderOnItsOwnThreadAndDrainsOnDispose()
    {
        var inner = new LogSink(open: false);
        int drawnOn = -1;
        using (var sink = new BackgroundVideoSink(inner))
        {
            sink.BeginEpisode(3);
            sink.AddFrame(Tagged(1));
            sink.AddFrame(new PendingFrame(() =>
            {
                drawnOn = Environment.CurrentManagedThreadId;
                return Tagged(2);
            }));
            sink.EndEpisode();
            sink.BeginEpisode(4);
            sink.AddFrame(Tagged(5));
            // Held at the first call: nothing has reached the wrapped sink yet, and the capture is not drawn.
            inner.Waiting.Wait();
            Assert.Empty(inner.Calls);
            Assert.Equal(-1, drawnOn);
            inner.Open();
        }
        Assert.Equal(["begin 3", "frame 1", "frame 2", "end", "begin 4", "frame 5", "dispose"], inner.Calls);
        Assert.True(inner.Disposed);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, inner.Threads);
        Assert.Equal(inner.Threads.Single(), drawnOn);
    }

    [Fact]
    public void DrainWaitsForEverythingSubmittedSoFar()
    {
        var inner = new LogSink();
        using var sink = new BackgroundVideoSink(inner, ownsInner: false);
        sink.BeginEpisode(0);
        for (byte i = 0; i < 50; i++) sink.AddFrame(Tagged(i));
        sink.Drain();
        Assert.Equal(51, inner.Calls.Count);
        sink.Dispose();
        Assert.False(inner.Disposed);
    }

    [Fact]
    public void AnEncoderFailureIsThrownByTheNextCallAndTheSinkStaysFaulted()
    {
        var disk = new IOException("disk full");
        var inner = new LogSink(open: false, fail: what => what == "frame 2" ? disk : null);
        var sink = new BackgroundVideoSink(inner);
        sink.BeginEpisode(0);
        sink.AddFrame(Tagged(1));
        sink.AddFrame(Tagged(2));
        sink.AddFrame(Tagged(3));
        inner.Open();
        var error = Assert.Throws<InvalidOperationException>(sink.Drain);
        Assert.Same(disk, error.InnerException);
        Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
        // What was queued after the failure is dropped, and every later call says why.
        Assert.Equal(["begin 0", "frame 1"], inner.Calls);
        Assert.Same(disk, Assert.Throws<InvalidOperationException>(() => sink.AddFrame(Tagged(4))).InnerException);
        Assert.Same(disk, Assert.Throws<InvalidOperationException>(sink.EndEpisode).InnerException);
        // Thrown already: disposing does not throw it again, and still disposes the wrapped sink.
        sink.Dispose();
        Assert.True(inner.Disposed);
    }

    [Fact]
    public void AFailureNoCallHasThrownYetIsThrownByDispose()
    {
        var inner = new LogSink(fail: what => what == "end" ? new IOException("ffmpeg exited with code 1") : null);
        var sink = new BackgroundVideoSink(inner);
        sink.BeginEpisode(0);
        sink.AddFrame(Tagged(1));
        sink.EndEpisode();
        var error = Assert.Throws<InvalidOperationException>(sink.Dispose);
        Assert.IsType<IOException>(error.InnerException);
        Assert.True(inner.Disposed);
        sink.Dispose();   // once is enough
    }

    [Fact]
    public async Task TheQueueHoldsNoMoreThanItsCapacityAndTheCallerWaitsForRoom()
    {
        long item = PendingFrame.Of(Tagged(0))!.RetainedBytes;
        var inner = new LogSink(open: false);
        using var sink = new BackgroundVideoSink(inner, capacityBytes: 3 * item);
        inner.Owner = sink;
        var producer = Task.Run(() =>
        {
            for (byte i = 0; i < 20; i++) sink.AddFrame(Tagged(i));
        });
        // The encoder is held at the first frame: three frames fill the queue, so the producer cannot finish.
        Assert.True(SpinWait.SpinUntil(() => sink.QueuedBytes == 3 * item, TimeSpan.FromMinutes(1)));
        Assert.False(producer.IsCompleted);
        inner.Open();
        await producer;
        sink.Drain();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"frame {i}"), inner.Calls);
        Assert.All(inner.QueuedWhileAdding, q => Assert.InRange(q, item, 3 * item));
    }

    [Fact]
    public void AFrameLargerThanTheCapacityStillGoesThrough()
    {
        var inner = new LogSink();
        using (var sink = new BackgroundVideoSink(inner, capacityBytes: 1))
            for (byte i = 0; i < 3; i++) sink.AddFrame(Tagged(i));
        Assert.Equal(["frame 0", "frame 1", "frame 2", "dispose"], inner.Calls);
    }

    [Fact]
    public void CallsAfterDisposeAreRefused()
    {
        var sink = new BackgroundVideoSink(new LogSink());
        sink.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sink.BeginEpisode(0));
    }

    /// <summary>Records CartPole episodes 0, 2 and 4 of a fixed action sequence into <paramref name="sink"/>.</summary>
    private static void RecordCartPole(IVideoSink sink)
    {
        using var env = new RecordVideo(Skinner.Envs.Envs.Make("CartPole-v1"), sink, RecordVideo.Every(2));
        env.Reset(seed: 5);
        long x = 7;
        for (int episode = 0; episode < 5; episode++)
        {
            do x = ((1103515245 * x) + 12345) % 2147483648;
            while (!env.Step([(x >> 16) % 2]).Done);
            env.Reset();
        }
    }

    [Fact]
    public void TheBackgroundPathWritesTheSameFilesAsTheSynchronousOne()
    {
        string sync = Path.Combine(_dir, "sync"), background = Path.Combine(_dir, "background");
        using (var videos = new EpisodeVideos(sync, "train-episode")) RecordCartPole(videos);
        using (var videos = new BackgroundVideoSink(new EpisodeVideos(background, "train-episode"))) RecordCartPole(videos);

        string[] Names(string dir) => [.. Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        string[] expected = FfmpegVideoWriter.IsAvailable
            ? ["train-episode-0.gif", "train-episode-0.mp4", "train-episode-2.gif", "train-episode-2.mp4", "train-episode-4.gif", "train-episode-4.mp4"]
            : ["train-episode-0.gif", "train-episode-2.gif", "train-episode-4.gif"];
        Assert.Equal(expected, Names(sync));
        Assert.Equal(expected, Names(background));
        foreach (string gif in expected.Where(n => n.EndsWith(".gif", StringComparison.Ordinal)))
            Assert.Equal(File.ReadAllBytes(Path.Combine(sync, gif)), File.ReadAllBytes(Path.Combine(background, gif)));
    }

    [Fact]
    public void AVideoThatFailsHalfWayIsDiscardedAndTheErrorReachesTheCaller()
    {
        var videos = new EpisodeVideos(_dir, "episode");
        var sink = new BackgroundVideoSink(videos);
        sink.BeginEpisode(0);
        sink.AddFrame(new Frame(6, 8));
        sink.AddFrame(new Frame(4, 4));   // a different size: the GIF writer refuses it
        var error = Assert.Throws<InvalidOperationException>(sink.Drain);
        Assert.IsType<ArgumentException>(error.InnerException);
        sink.Dispose();
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
        Assert.Empty(videos.Files);
    }
}
