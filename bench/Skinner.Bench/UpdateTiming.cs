using System.Diagnostics;

namespace Skinner.Bench;

/// <summary>
/// Times a training step phase by phase: the step marks each phase's end with <see cref="Mark"/>, and the
/// bench reports medians of the whole step (wall and thread CPU time) and of every phase over many steps.
/// </summary>
internal sealed class UpdateTiming(string[] phases, int steps)
{
    private readonly double[][] _phase = [.. phases.Select(_ => new double[steps])];
    private readonly double[] _total = new double[steps], _cpu = new double[steps];
    private long _start, _last;
    private double _cpuStart;
    private int _gen0, _gen2;
    private TimeSpan _pause;
    private long _allocated;
    private int _step, _index;

    /// <summary>Starts timing step <paramref name="step"/>.</summary>
    public void Begin(int step)
    {
        _step = step;
        _index = 0;
        _cpuStart = ThreadClock.Seconds();
        _start = _last = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends the current phase.</summary>
    public void Mark()
    {
        long now = Stopwatch.GetTimestamp();
        _phase[_index++][_step] = Stopwatch.GetElapsedTime(_last, now).TotalMicroseconds;
        _last = now;
    }

    /// <summary>Ends the step.</summary>
    public void End()
    {
        _total[_step] = Stopwatch.GetElapsedTime(_start, _last).TotalMicroseconds;
        _cpu[_step] = (ThreadClock.Seconds() - _cpuStart) * 1e6;
    }

    /// <summary>Median microseconds of the whole step.</summary>
    public double MedianTotal => Median(_total);

    /// <summary>Fastest whole step, in microseconds.</summary>
    public double BestTotal => _total.Min();

    /// <summary>Starts the garbage-collector counters; call once, as the timed steps begin.</summary>
    public void StartCounters()
    {
        _gen0 = GC.CollectionCount(0);
        _gen2 = GC.CollectionCount(2);
        _pause = GC.GetTotalPauseDuration();
        _allocated = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>Garbage-collector load over the timed steps: collections, pause time and bytes allocated per step.</summary>
    public (string, object)[] GcFields() =>
    [
        ("gen0_per_100_steps", 100.0 * (GC.CollectionCount(0) - _gen0) / steps),
        ("gen2_per_100_steps", 100.0 * (GC.CollectionCount(2) - _gen2) / steps),
        ("gc_pause_us_per_step", (GC.GetTotalPauseDuration() - _pause).TotalMicroseconds / steps),
        ("alloc_kb_per_step", (GC.GetAllocatedBytesForCurrentThread() - _allocated) / 1024.0 / steps),
    ];

    /// <summary>Median CPU microseconds of the calling thread per step (NaN where unsupported).</summary>
    public double MedianCpu => Median(_cpu);

    /// <summary>Report fields for the whole step: median CPU time and fastest step.</summary>
    public (string, object)[] StepFields() => double.IsFinite(MedianCpu)
        ? [("cpu_us", MedianCpu), ("best_us", BestTotal)]
        : [("best_us", BestTotal)];

    /// <summary>Median microseconds of each phase, as report fields named <c>PHASE_us</c>.</summary>
    public (string, object)[] PhaseFields() =>
        [.. phases.Select((name, i) => ((string, object))($"{name}_us", Median(_phase[i])))];

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
