using System.Runtime.InteropServices;

namespace Skinner.Bench;

/// <summary>
/// CPU time of the calling thread (Linux; NaN elsewhere). On a shared machine a rate per CPU second leaves out
/// the time the thread waited for a core, though not the caches others evicted meanwhile.
/// </summary>
internal static class ThreadClock
{
    /// <summary>Seconds of CPU the calling thread has used.</summary>
    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        const int ClockThreadCpuTimeId = 3;
        return ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0 ? ts.Seconds + ts.Nanoseconds * 1e-9 : double.NaN;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
