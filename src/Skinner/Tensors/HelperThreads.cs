using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Skinner.Tensors;

/// <summary>
/// The engine's helper threads: they take parts of a split matrix product, the second of two pieces of work that
/// share no state (the critic's half of an update whose actor and critic are separate networks), and work that the
/// caller joins later (a layer's weight gradient, while the backward pass goes on below it). A training step
/// runs its products one after another, tens of microseconds apart; the thread pool's hand-off (a semaphore wake per
/// product, then spinning with sched_yield until the next) cost several seconds of system time in a 20-second DQN
/// run and made two threads slower than one under load. These threads stay awake for a short while after each job,
/// watching for the next one with pause instructions, and only then sleep until they are woken.
/// </summary>
internal static class HelperThreads
{
    /// <summary>How long an idle helper watches for the next job before it sleeps.</summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object s_gate = new();
    private static readonly SemaphoreSlim s_wake = new(0);
    private static Thread[] s_threads = [];
    private static Job? s_job;
    private static int s_sleepers;

    /// <summary>Set on a thread while it runs a part of a job: what it starts meanwhile runs on that thread alone.</summary>
    [ThreadStatic] private static bool t_inJob;

    /// <summary>
    /// Runs <paramref name="body"/> for chunks 0 to <paramref name="chunks"/> - 1 on the calling thread and up to
    /// <paramref name="threads"/> - 1 helpers, each chunk once; returns when all are done. While another thread's
    /// job holds the helpers, or when called from within a job, the caller runs every chunk itself.
    /// </summary>
    public static void For(int chunks, int threads, Action<int> body)
    {
        if (Post(body, chunks, threads) is not { } job)
        {
            for (int i = 0; i < chunks; i++) body(i);
            return;
        }
        Join(job);
    }

    /// <summary>
    /// Runs <paramref name="first"/> and <paramref name="second"/> at the same time, one on the calling thread and the
    /// other on a helper, when <see cref="Gemm.MaxThreads"/> allows two threads; one after the other otherwise (and
    /// when the helpers are busy). The two must share no mutable state, so that the results do not depend on which
    /// way they ran.
    /// </summary>
    public static void Both(Action first, Action second) =>
        For(2, Math.Min(2, Gemm.MaxThreads), i => (i == 0 ? first : second)());

    /// <summary>
    /// Starts <paramref name="work"/> on a helper and returns at once, or returns null (and starts nothing) when
    /// <see cref="Gemm.MaxThreads"/> allows one thread, the helpers are busy with another thread's job, or the caller is
    /// a helper itself: the caller then runs the work. Every started work must be joined by <see cref="Join"/> on the
    /// same thread; until then the helpers are this thread's, and what else it splits meanwhile it mostly runs itself.
    /// </summary>
    public static Job? Start(Action work) => Post(_ => work(), 1, Math.Min(2, Gemm.MaxThreads));

    /// <summary>
    /// Wakes the helpers that sleep, so that they watch for a job again for a while: a caller that is about to post work
    /// after a long stretch of its own (PPO after a rollout) saves the wake-up on its first job. Does nothing when
    /// <see cref="Gemm.MaxThreads"/> allows one thread or no helper sleeps.
    /// </summary>
    public static void Wake()
    {
        if (Gemm.MaxThreads <= 1) return;
        int sleepers = Volatile.Read(ref s_sleepers);
        if (sleepers > 0 && s_wake.CurrentCount == 0) s_wake.Release(sleepers);
    }

    /// <summary>
    /// Runs what is left of a job posted by <see cref="For"/> or <see cref="Start"/> on the calling thread, waits for the
    /// helpers' chunks, and lets the helpers go; rethrows the first failure as it was raised (the same exception as when
    /// the chunks run serially).
    /// </summary>
    public static void Join(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            job.Run();
            var wait = new SpinWait();
            while (Volatile.Read(ref job.Done) < job.Chunks) wait.SpinOnce(sleep1Threshold: -1);
            if (job.Failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Monitor.Exit(s_gate);
        }
    }

    // Hands a job of `chunks` to up to threads - 1 helpers and returns it, holding the helpers for this thread until
    // Join; null (nothing posted) when the caller must run the chunks itself.
    private static Job? Post(Action<int> body, int chunks, int threads)
    {
        if (threads <= 1 || t_inJob || !Monitor.TryEnter(s_gate)) return null;
        try
        {
            EnsureThreads(threads - 1);
            var job = new Job(body, chunks, threads - 1);
            Volatile.Write(ref s_job, job);
            int sleepers = Volatile.Read(ref s_sleepers);
            if (sleepers > 0) s_wake.Release(Math.Min(sleepers, threads - 1));
            return job;
        }
        catch
        {
            Monitor.Exit(s_gate);
            throw;
        }
    }

    private static void EnsureThreads(int count)
    {
        if (s_threads.Length >= count) return;
        var threads = new Thread[count];
        s_threads.CopyTo(threads, 0);
        for (int i = s_threads.Length; i < count; i++)
        {
            threads[i] = new Thread(Work) { IsBackground = true, Name = $"skinner-helper-{i + 1}" };
            threads[i].Start();
        }
        s_threads = threads;
    }

    private static void Work()
    {
        Job? last = null;
        while (true)
        {
            var job = Volatile.Read(ref s_job);
            if (job is null || ReferenceEquals(job, last))
            {
                job = AwaitNext(last);
            }
            last = job;
            // A job takes as many helpers as its caller asked for; the others go back to waiting.
            if (Interlocked.Decrement(ref job.Seats) >= 0) job.Run();
        }
    }

    // Watches for a job other than `last`, then sleeps until woken; a wake with no new job waits again.
    private static Job AwaitNext(Job? last)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            var job = Volatile.Read(ref s_job);
            if (job is not null && !ReferenceEquals(job, last)) return job;
            if (Stopwatch.GetTimestamp() - start < s_spinTicks)
            {
                Thread.SpinWait(20);
                continue;
            }
            Interlocked.Increment(ref s_sleepers);
            job = Volatile.Read(ref s_job);
            if (job is null || ReferenceEquals(job, last)) s_wake.Wait();
            Interlocked.Decrement(ref s_sleepers);
            start = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>One job: chunks are taken by whoever comes first, so a late helper only finds none left.</summary>
    internal sealed class Job(Action<int> body, int chunks, int seats)
    {
        public int Chunks => chunks;
        public int Next;
        public int Done;
        public int Seats = seats;
        public Exception? Failure;

        public void Run()
        {
            bool outer = t_inJob;
            t_inJob = true;
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref Next) - 1) < chunks)
                {
                    try
                    {
                        body(i);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref Failure, e, null);
                    }
                    Interlocked.Increment(ref Done);
                }
            }
            finally
            {
                t_inJob = outer;
            }
        }
    }
}
