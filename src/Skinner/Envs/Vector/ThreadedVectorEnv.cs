using System.Runtime.ExceptionServices;

namespace Skinner.Envs.Vector;

/// <summary>
/// Splits its environments into contiguous blocks, one per thread, and steps the blocks in parallel: the
/// calling thread takes the first block and long-lived worker threads the others, meeting at a barrier
/// once per call. Each environment is always stepped by the same thread and writes only its own rows,
/// so the results are bit for bit those of <see cref="SyncVectorEnv"/>.
/// </summary>
public sealed class ThreadedVectorEnv : IVectorEnv
{
    private readonly VectorEnvCore _core;
    private readonly int[] _blockStart;
    private readonly Thread[] _workers;
    private readonly Barrier _barrier;
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
        _barrier = new Barrier(threads);
        _workers = new Thread[threads - 1];
        for (int t = 1; t < threads; t++)
        {
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
        if (_workers.Length > 0) _barrier.SignalAndWait();
        foreach (var w in _workers) w.Join();
        _barrier.Dispose();
        _core.Dispose();
    }

    // The barrier publishes the job and the inputs to the workers, and the second barrier their results back.
    private void Run(Job job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _job = job;
        _failure = null;
        if (_workers.Length > 0) _barrier.SignalAndWait();
        DoBlock(0);
        if (_workers.Length > 0) _barrier.SignalAndWait();
        _failure?.Throw();
    }

    private void WorkerLoop(int block)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_job == Job.Stop) return;
            DoBlock(block);
            _barrier.SignalAndWait();
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
