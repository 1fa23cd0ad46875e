using System.Diagnostics;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// Convolution speed at the sizes reinforcement learning uses: milliseconds per forward and per
/// forward + backward, and the GFLOP/s that makes (2·N·O·H_out·W_out·C·k·k per forward, three times that for
/// forward + backward), next to the GEMM's GFLOP/s on one product of the same shape as a reference.
/// </summary>
public static class Conv2dBench
{
    private static readonly (string Name, int N, int C, int H, int W, int O, int K, int Stride)[] s_cases =
    [
        ("dqn_conv1_b32", 32, 4, 84, 84, 32, 8, 4),
        ("dqn_conv2_b32", 32, 32, 20, 20, 64, 4, 2),
        ("dqn_conv3_b32", 32, 64, 9, 9, 64, 3, 1),
        ("cartpole_pixels_conv1_b128", 128, 3, 40, 90, 16, 5, 2),
        ("cartpole_pixels_conv2_b128", 128, 16, 18, 43, 32, 5, 2),
    ];

    /// <summary>Runs every case (or those whose name contains an argument).</summary>
    public static void Run(string[] args)
    {
        foreach (var c in s_cases)
        {
            if (args.Length > 0 && !args.Any(a => c.Name.Contains(a, StringComparison.Ordinal))) continue;
            var rng = new Rng(1);
            var x = Fill(Tensor.Zeros(c.N, c.C, c.H, c.W), rng).RequireGrad();
            var w = Fill(Tensor.Zeros(c.O, c.C, c.K, c.K), rng).RequireGrad();
            var b = Fill(Tensor.Zeros(c.O), rng).RequireGrad();
            int hOut = (c.H - c.K) / c.Stride + 1, wOut = (c.W - c.K) / c.Stride + 1;
            double flops = 2.0 * c.N * c.O * hOut * wOut * c.C * c.K * c.K;
            double forward = Time(() =>
            {
                using var scope = Autograd.NoGrad();
                Tensor.Conv2d(x, w, b, c.Stride);
            });
            double both = Time(() => Tensor.Conv2d(x, w, b, c.Stride).Sum().Backward());
            // The same multiply-adds as one GEMM per sample: the ceiling the im2col formulation can reach.
            var a = new float[c.O * c.C * c.K * c.K];
            var col = new float[c.C * c.K * c.K * hOut * wOut];
            var outN = new float[c.O * hOut * wOut];
            double gemm = Time(() =>
            {
                for (int n = 0; n < c.N; n++) Gemm.Multiply(false, false, c.O, hOut * wOut, c.C * c.K * c.K, a, c.C * c.K * c.K, col, hOut * wOut, outN, hOut * wOut, false);
            });
            Report.Emit("conv2d", c.Name, "ms/forward", forward * 1e3,
                ("gflops_forward", flops / forward / 1e9), ("ms_forward_backward", both * 1e3),
                ("gflops_forward_backward", 3 * flops / both / 1e9), ("gflops_gemm_only", flops / gemm / 1e9));
        }
    }

    private static Tensor Fill(Tensor t, Rng rng)
    {
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)rng.Uniform(-1, 1);
        return t;
    }

    // Median seconds per call over a few timed rounds, after a warm-up call.
    private static double Time(Action f)
    {
        f();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 || (total.Elapsed.TotalSeconds < 1 && times.Count < 200))
        {
            var sw = Stopwatch.StartNew();
            f();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
