using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// Matrix multiply throughput against the machine's fused multiply-add peak, both measured in this run.
/// Cases <c>peak/t1</c> and <c>peak/tall</c> time a register-only FMA loop on one core and on every core;
/// <c>MxKxN/t1</c> and <c>MxKxN/tall</c> time <see cref="Gemm.Multiply"/> with A M×K and B K×N.
/// Options: <c>--quick</c> (fewer samples), <c>--trans nn|nt|tn|tt</c> (which operands are stored transposed),
/// <c>--only MxKxN</c> (one shape, listed or not), <c>--pack 0|1|2</c> (packing policy: auto, always, only when needed).
/// </summary>
public static class GemmBench
{
    private static readonly (int M, int K, int N)[] s_shapes =
    [
        (64, 64, 64), (128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024),
        (128, 4, 64), (128, 64, 64), (64, 400, 300),
    ];

    private static float s_sink;

    public static void Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int ti = Array.IndexOf(args, "--trans");
        string trans = ti >= 0 && ti + 1 < args.Length ? args[ti + 1] : "nn";
        if (trans is not ("nn" or "nt" or "tn" or "tt"))
            throw new ArgumentException($"--trans takes nn, nt, tn or tt (which of A and B are stored transposed), not '{trans}'.");
        bool transA = trans[0] == 't', transB = trans[1] == 't';
        int pi = Array.IndexOf(args, "--pack");
        if (pi >= 0 && pi + 1 < args.Length) Gemm.PackMode = int.Parse(args[pi + 1], System.Globalization.CultureInfo.InvariantCulture);
        int oi = Array.IndexOf(args, "--only");
        string? only = oi >= 0 && oi + 1 < args.Length ? args[oi + 1] : null;
        int cores = Environment.ProcessorCount;
        int width = Gemm.ActiveWidth;

        double peak1 = PeakGflops(1, quick);
        double peakAll = PeakGflops(cores, quick);
        Report.Emit("gemm", "peak/t1", "GFLOP/s", peak1, ("width", width), ("threads", 1));
        Report.Emit("gemm", "peak/tall", "GFLOP/s", peakAll, ("width", width), ("threads", cores), ("vs_t1", peakAll / peak1));

        int savedThreads = Gemm.MaxThreads;
        try
        {
            var shapes = only is null ? s_shapes : [ParseShape(only)];
            foreach (var (m, k, n) in shapes)
            {
                foreach (int threads in new[] { 1, cores })
                {
                    Gemm.MaxThreads = threads;
                    var (median, best, cpu) = GemmGflops(m, k, n, transA, transB, quick);
                    string suffix = trans == "nn" ? "" : "/" + trans;
                    var extra = new List<(string, object)>
                    {
                        ("pct_peak", 100 * median / peak1), ("best", best), ("pct_peak_best", 100 * best / peak1),
                        ("threads", threads), ("width", width), ("trans", trans),
                    };
                    if (threads == 1 && double.IsFinite(cpu)) extra.Add(("cpu_time_rate", cpu));
                    Report.Emit("gemm", $"{m}x{k}x{n}/{(threads == 1 ? "t1" : "tall")}{suffix}", "GFLOP/s", median, [.. extra]);
                }
            }
        }
        finally
        {
            Gemm.MaxThreads = savedThreads;
        }
    }

    /// <summary>
    /// Median and best GFLOP/s over many short samples after warm-up. Samples of about 2 ms mostly fit inside
    /// one scheduler slice, so on a shared machine the best sample still shows what the code does uncontended.
    /// </summary>
    private static (double Median, double Best, double CpuMedian) GemmGflops(int m, int k, int n, bool transA, bool transB, bool quick)
    {
        var rng = new Random(42);
        float[] a = Fill(rng, m * k), b = Fill(rng, k * n), c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        double flops = 2.0 * m * n * k;
        void Once() => Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);

        // Warm up until the tiered JIT has settled, then size a sample to about 2 ms.
        var sw = Stopwatch.StartNew();
        int warm = 0;
        while (sw.ElapsedMilliseconds < (quick ? 100 : 300) || warm < 5) { Once(); warm++; }
        double perCall = sw.Elapsed.TotalSeconds / warm;
        int reps = Math.Max(1, (int)(0.002 / perCall));
        int samples = quick ? 25 : 101;
        double[] rates = new double[samples], cpuRates = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double cpu0 = ThreadClock.Seconds();
            long t0 = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++) Once();
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double cpu = ThreadClock.Seconds() - cpu0;
            rates[s] = flops * reps / seconds / 1e9;
            cpuRates[s] = cpu > 0 ? flops * reps / cpu / 1e9 : double.NaN;
        }
        Array.Sort(rates);
        Array.Sort(cpuRates);
        s_sink += c[0];
        return (rates[samples / 2], rates[^1], cpuRates[samples / 2]);
    }

    private static (int M, int K, int N) ParseShape(string text)
    {
        int[] parts = [.. text.Split('x').Select(t => int.TryParse(t, out int v) && v > 0 ? v : -1)];
        if (parts.Length != 3 || parts.Any(v => v < 0))
            throw new ArgumentException($"--only takes a shape MxKxN of three positive sizes, such as 128x64x64, not '{text}'.");
        return (parts[0], parts[1], parts[2]);
    }

    private static float[] Fill(Random rng, int count)
    {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>
    /// Register-only FMA rate on <paramref name="threads"/> cores at once: each thread times many short trials
    /// itself (a scheduler hiccup spoils a trial, not the figure) and the best rates of the threads add up.
    /// </summary>
    private static double PeakGflops(int threads, bool quick)
    {
        // About 2 ms a trial at 100 GFLOP/s.
        const long Iterations = 1_000_000;
        int trials = quick ? 50 : 200;
        double[] best = new double[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int id = i;
            workers[i] = new Thread(() =>
            {
                FmaLoop(Iterations / 10);
                start.SignalAndWait();
                for (int t = 0; t < trials; t++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    double flops = FmaLoop(Iterations);
                    best[id] = Math.Max(best[id], flops / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
                }
            });
            workers[i].Start();
        }
        foreach (var w in workers) w.Join();
        return best.Sum();
    }

    /// <summary>Runs the widest accelerated FMA on 12 independent chains; returns the flops done.</summary>
    private static double FmaLoop(long iterations)
    {
        int width = Gemm.HardwareWidth;
        float result = width switch
        {
            512 => FmaLoop512(iterations),
            256 => FmaLoop256(iterations),
            _ => FmaLoop128(iterations),
        };
        s_sink += result;
        return 2.0 * 12 * Math.Max(width, 128) / 32 * iterations;
    }

    // 12 chains: two FMA pipes × up to 5 cycles of latency needs 10 in flight; all live in registers. Each
    // returns the sum so the loop cannot be removed, and calls nothing, so no register is spilled around a call.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop512(long iterations)
    {
        var x = Vector512.Create(0.9999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop256(long iterations)
    {
        var x = Vector256.Create(0.9999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop128(long iterations)
    {
        var x = Vector128.Create(0.9999999f);
        var y = Vector128.Create(1e-7f);
        Vector128<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, x, y); a1 = Vector128.FusedMultiplyAdd(a1, x, y);
            a2 = Vector128.FusedMultiplyAdd(a2, x, y); a3 = Vector128.FusedMultiplyAdd(a3, x, y);
            a4 = Vector128.FusedMultiplyAdd(a4, x, y); a5 = Vector128.FusedMultiplyAdd(a5, x, y);
            a6 = Vector128.FusedMultiplyAdd(a6, x, y); a7 = Vector128.FusedMultiplyAdd(a7, x, y);
            a8 = Vector128.FusedMultiplyAdd(a8, x, y); a9 = Vector128.FusedMultiplyAdd(a9, x, y);
            a10 = Vector128.FusedMultiplyAdd(a10, x, y); a11 = Vector128.FusedMultiplyAdd(a11, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
