using System.Runtime.ExceptionServices;

namespace Skinner.Envs.Vector;

/// <summary>
/// Splits its environments into contiguous blocks, one per thread, and steps the blocks in parallel: the
/// calling thread takes the first block and long-lived worker threads the others, each woken by its own
/// event once per call. Each environment is always stepped by the same thread and writes only its own rows,
/// so the results are bit for bit those of <see cref="SyncVectorEnv"/>.
/// </summary>
public sealed class ThreadedVectorEnv : IVectorEnv
{
    private readonly VectorEnvCore _core;
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
    {
        if (numThreads is <= 0) throw new ArgumentOutOfRangeException(nameof(numThreads), numThreads, "Use at least one thread.");
        _core = new VectorEnvCore(factories, autoresetMode);
        int threads = Math.Min(numThreads ?? Environment.ProcessorCount, _core.Count);
        _blockStart = new int[threads + 1];
        for (int t = 0; t <= threads; t++) _blockStart[t] = (int)((long)t * _core.Count / threads);
        _actions = new float[_core.Count * _core.ActionSize];
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
    public int NumEnvs => _core.Count;

    /// <inheritdoc />
    public Space SingleObservationSpace => _core.ObservationSpace;

    /// <inheritdoc />
    public Space SingleActionSpace => _core.ActionSpace;

    /// <inheritdoc />
    public int ObservationSize => _core.ObservationSize;

    /// <inheritdoc />
    public int ActionSize => _core.ActionSize;

    /// <inheritdoc />
    public AutoresetMode AutoresetMode => _core.Mode;

    /// <inheritdoc />
    public float[] Observations => _core.Observations;

    /// <inheritdoc />
    public double[] Rewards => _core.Rewards;

    /// <inheritdoc />
    public bool[] Terminated => _core.Terminated;

    /// <inheritdoc />
    public bool[] Truncated => _core.Truncated;

    /// <inheritdoc />
    public float[] FinalObservations => _core.FinalObservations;

    /// <inheritdoc />
    public bool[] Autoreset => _core.Autoreset;

    /// <inheritdoc />
    public Info?[] Infos => _core.Infos;

    /// <inheritdoc />
    public void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _seed = seed;
        _options = options;
        Run(Job.Reset);
        _core.HasReset = true;
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<float> actions)
    {
        _core.CheckActions(actions);
        actions.CopyTo(_actions);
        Run(Job.Step);
    }

    /// <summary>Stops the worker threads and disposes the environments.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _job = Job.Stop;
        foreach (var e in _start) e.Set();
        foreach (var w in _workers) w.Join();
        foreach (var e in _start) e.Dispose();
        foreach (var e in _finished) e.Dispose();
        _core.Dispose();
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
            if (_job == Job.Step) _core.StepRange(_blockStart[block], _blockStart[block + 1], _actions);
            else _core.ResetRange(_blockStart[block], _blockStart[block + 1], _seed, _options);
        }
        catch (Exception e)
        {
            // Keep the first failure; the caller rethrows it once every block has finished.
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }
}
