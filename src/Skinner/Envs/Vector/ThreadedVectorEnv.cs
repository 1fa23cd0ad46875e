using System.Runtime.ExceptionServices;

namespace Skinner.Envs.Vector;

/// <summary>
/// Splits its environments into contiguous blocks, one per thread, and steps the blocks in parallel: the
/// calling thread takes the first block and long-lived worker threads the others, each woken by its own
/// event once per call. Each environment is always stepped by the same thread and writes only its own rows,
/// so the results are bit for bit those of <see cref="SyncVectorEnv"/>.
/// </summary>
public sealed class ThreadedVectorEnv : EnvListVectorEnv
{
    private readonly int[] _blockStart;
    private readonly Thread[] _workers;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim[] _finished;
    private readonly float[] _actions;
    private Job _job;
    private long? _seed;
    private IReadOnlyDictionary<string, object>? _options;
    private ExceptionDispatchInfo? _failure;
    private bool _disposed;

    /// <summary>One environment per factory, spread over <paramref name="numThreads"/> threads (default: one per core).</summary>
    public ThreadedVectorEnv(IReadOnlyList<Func<IEnv>> factories, int? numThreads = null, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : base(factories, autoresetMode)
    {
        if (numThreads is <= 0) throw new ArgumentOutOfRangeException(nameof(numThreads), numThreads, "Use at least one thread.");
        int threads = Math.Min(numThreads ?? Environment.ProcessorCount, Core.Count);
        _blockStart = new int[threads + 1];
        for (int t = 0; t <= threads; t++) _blockStart[t] = (int)((long)t * Core.Count / threads);
        _actions = new float[Core.Count * Core.ActionSize];
        _workers = new Thread[threads - 1];
        _start = new ManualResetEventSlim[threads - 1];
        _finished = new ManualResetEventSlim[threads - 1];
        for (int t = 1; t < threads; t++)
        {
            _start[t - 1] = new ManualResetEventSlim(false, SpinCount);
            _finished[t - 1] = new ManualResetEventSlim(false, SpinCount);
            int block = t;
            _workers[t - 1] = new Thread(() => WorkerLoop(block)) { IsBackground = true, Name = $"Skinner vector env worker {t}" };
            _workers[t - 1].Start();
        }
    }

    /// <summary><paramref name="numEnvs"/> environments from one factory.</summary>
    public ThreadedVectorEnv(Func<IEnv> factory, int numEnvs, int? numThreads = null, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : this(VectorEnvs.Repeat(factory, numEnvs), numThreads, autoresetMode)
    {
    }

    // Spin a little before sleeping: a step of a block of small environments takes microseconds, far less
    // than a sleep and wake-up. (Barrier is not used because its waits can fall back to 1 ms sleeps.)
    private const int SpinCount = 200;

    private enum Job
    {
        Step,
        Reset,
        Stop,
    }

    /// <summary>How many threads step the environments, the calling thread included.</summary>
    public int NumThreads => _blockStart.Length - 1;

    /// <inheritdoc />
    public override void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _seed = seed;
        _options = options;
        Run(Job.Reset);
        Core.HasReset = true;
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        Core.CheckActions(actions);
        actions.CopyTo(_actions);
        Run(Job.Step);
    }

    /// <summary>Stops the worker threads and disposes the environments.</summary>
    protected override void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        _job = Job.Stop;
        foreach (var e in _start) e.Set();
        foreach (var w in _workers) w.Join();
        foreach (var e in _start) e.Dispose();
        foreach (var e in _finished) e.Dispose();
        base.Dispose(disposing);
    }

    // Setting an event publishes the job and its inputs to a worker (Set and Wait are full fences); the
    // worker's finished event publishes its rows back. Each event is reset by the side that waited on it,
    // before the other side can set it again.
    private void Run(Job job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _job = job;
        _failure = null;
        foreach (var e in _start) e.Set();
        DoBlock(0);
        foreach (var e in _finished)
        {
            e.Wait();
            e.Reset();
        }
        _failure?.Throw();
    }

    private void WorkerLoop(int block)
    {
        var start = _start[block - 1];
        var finished = _finished[block - 1];
        while (true)
        {
            start.Wait();
            start.Reset();
            if (_job == Job.Stop) return;
            DoBlock(block);
            finished.Set();
        }
    }

    private void DoBlock(int block)
    {
        try
        {
            if (_job == Job.Step) Core.StepRange(_blockStart[block], _blockStart[block + 1], _actions);
            else Core.ResetRange(_blockStart[block], _blockStart[block + 1], _seed, _options);
        }
        catch (Exception e)
        {
            // Keep the first failure; the caller rethrows it once every block has finished.
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }
}
