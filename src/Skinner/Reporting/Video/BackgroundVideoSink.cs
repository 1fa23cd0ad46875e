using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Video;

/// <summary>
/// Moves video recording off the training thread: the calls of <see cref="IVideoSink"/> are queued and replayed, in
/// order, on one encoder thread against the sink this wraps (typically one that writes GIF and MP4 files). Frames
/// arrive as captures (<see cref="PendingFrame"/>) and are drawn on the encoder thread too, so that recording an
/// episode costs the training thread a few allocations per step instead of a render, a GIF encode and a pipe write
/// to ffmpeg (which blocks while ffmpeg encodes).
/// </summary>
/// <remarks>
/// <para>The queue is bounded by <see cref="CapacityBytes"/>, counted with <see cref="PendingFrame.RetainedBytes"/>:
/// deferred captures are tiny, so a whole episode fits and the encoder catches up between recorded episodes, while
/// frames drawn already (720 KB for CartPole) hold it to a few dozen. When the queue is full the caller waits for the
/// encoder. An item larger than the capacity still goes in once the queue is empty.</para>
/// <para>An exception on the encoder thread is kept and thrown, wrapped in an <see cref="InvalidOperationException"/>,
/// by the next call from the caller (or by <see cref="Drain"/> or <see cref="Dispose"/>); from then on the sink is
/// faulted: queued work is dropped and every call throws that error. <see cref="Dispose"/> waits for every queued
/// call to be replayed, so the files are complete when it returns, then disposes the wrapped sink.</para>
/// <para>The encoder thread runs at normal priority: at a lower one, on a busy machine, it fell behind (so the last
/// video held up the end of the run) and kept the garbage collector, which stops every thread, waiting. Calls come
/// from one thread (the one stepping the environment), as for any <see cref="IVideoSink"/>.</para>
/// </remarks>
public sealed class BackgroundVideoSink : IVideoSink, IDisposable
{
    /// <summary>The default bound of the queue: 64 MiB.</summary>
    public const long DefaultCapacityBytes = 64L << 20;

    // What a queued BeginEpisode or EndEpisode counts for.
    private const long ControlBytes = 16;

    private enum Kind { Begin, Frame, End }

    private readonly record struct Item(Kind Kind, int Episode, PendingFrame? Frame, long Bytes);

    private readonly IVideoSink _inner;
    private readonly bool _ownsInner;
    private readonly object _gate = new();
    private readonly Queue<Item> _queue = new();
    private readonly Thread _thread;
    private long _queuedBytes;      // items queued or being replayed
    private long _submitted, _replayed;
    private Exception? _failure;
    private bool _failureThrown;
    private bool _disposed;

    /// <summary>Starts the encoder thread for <paramref name="inner"/>.</summary>
    /// <param name="inner">The sink whose calls run on the encoder thread.</param>
    /// <param name="capacityBytes">Bound of the queue, in <see cref="PendingFrame.RetainedBytes"/>.</param>
    /// <param name="ownsInner">Dispose <paramref name="inner"/> (if it is <see cref="IDisposable"/>) on
    /// <see cref="Dispose"/>, after the queue is drained.</param>
    public BackgroundVideoSink(IVideoSink inner, long capacityBytes = DefaultCapacityBytes, bool ownsInner = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        _inner = inner;
        _ownsInner = ownsInner;
        CapacityBytes = capacityBytes;
        _thread = new Thread(Replay) { IsBackground = true, Name = "Skinner video encoder" };
        _thread.Start();
    }

    /// <summary>The bound of the queue, in <see cref="PendingFrame.RetainedBytes"/>.</summary>
    public long CapacityBytes { get; }

    /// <summary>What the queue holds now, counting the item being replayed; at most <see cref="CapacityBytes"/>
    /// unless a single item is larger.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate) return _queuedBytes;
        }
    }

    /// <inheritdoc/>
    public void BeginEpisode(int episodeIndex) => Submit(new Item(Kind.Begin, episodeIndex, null, ControlBytes));

    /// <inheritdoc/>
    public void AddFrame(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        AddFrame(PendingFrame.Of(frame)!);
    }

    /// <inheritdoc/>
    public void AddFrame(PendingFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Submit(new Item(Kind.Frame, 0, frame, frame.RetainedBytes));
    }

    /// <inheritdoc/>
    public void EndEpisode() => Submit(new Item(Kind.End, 0, null, ControlBytes));

    /// <summary>Waits until every call made so far has been replayed on the wrapped sink; throws the encoder's error
    /// if it failed.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            long target = _submitted;
            while (_replayed < target && _failure is null) Monitor.Wait(_gate);
            ThrowIfFailed();
        }
    }

    /// <summary>
    /// Replays everything still queued, stops the encoder thread and disposes the wrapped sink (when it owns it).
    /// Throws the encoder's error if it failed and no earlier call threw it.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;   // no more items: the encoder stops once the queue is empty
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        try
        {
            if (_ownsInner && _inner is IDisposable disposable) disposable.Dispose();
        }
        finally
        {
            lock (_gate)
            {
                if (_failure is not null && !_failureThrown) ThrowIfFailed();
            }
        }
    }

    private void Submit(Item item)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfFailed();
            while (_queuedBytes > 0 && _queuedBytes + item.Bytes > CapacityBytes && _failure is null) Monitor.Wait(_gate);
            ThrowIfFailed();
            _queue.Enqueue(item);
            _queuedBytes += item.Bytes;
            _submitted++;
            if (_queue.Count == 1) Monitor.PulseAll(_gate);   // the encoder may be waiting for work
        }
    }

    // Called under _gate.
    private void ThrowIfFailed()
    {
        if (_failure is null) return;
        _failureThrown = true;
        throw new InvalidOperationException($"Recording the video failed on the encoder thread: {_failure.Message}", _failure);
    }

    private void Replay()
    {
        while (true)
        {
            Item item;
            bool faulted;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_disposed) Monitor.Wait(_gate);
                if (_queue.Count == 0) return;
                item = _queue.Dequeue();
                faulted = _failure is not null;
            }
            Exception? error = null;
            if (!faulted)
            {
                try
                {
                    switch (item.Kind)
                    {
                        case Kind.Begin: _inner.BeginEpisode(item.Episode); break;
                        case Kind.Frame: _inner.AddFrame(item.Frame!); break;
                        case Kind.End: _inner.EndEpisode(); break;
                    }
                }
                catch (Exception e)
                {
                    error = e;
                }
            }
            lock (_gate)
            {
                _failure ??= error;
                _queuedBytes -= item.Bytes;
                _replayed++;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
