using System.Diagnostics;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// Optimizer step throughput: milliseconds per <c>Step()</c> over one parameter tensor, and the speed-up over
/// a scalar loop doing the same Adam arithmetic, measured in the same run. Options: element count (default
/// 1,000,000).
/// </summary>
public static class OptimizerBench
{
    public static void Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var p = new Tensor(new float[n], n) { Grad = new Tensor(Fill(n), n) };
        double scalarMs = Time(() => ScalarAdam(p.Data, p.Grad.Data, s_m ??= new float[n], s_v ??= new float[n]));
        // A memory-bound floor: p += a·g touches 3 of the 7 arrays' worth of traffic of an Adam step.
        double axpyMs = Time(() => Axpy(p.Data, p.Grad.Data, 1e-9f));
        Report.Emit("optim", "axpy_floor", "ms/step", axpyMs, ("elements", n), ("gb_per_s", 3.0 * 4 * n / axpyMs / 1e6));
        foreach (var (name, opt) in new (string, Optimizer)[]
        {
            ("sgd_momentum", new Sgd([p], new SgdOptions { LearningRate = 1e-3, Momentum = 0.9 })),
            ("adam", new Adam([p])),
            ("adam_amsgrad", new Adam([p], new AdamOptions { AmsGrad = true })),
            ("rmsprop_centered", new RmsProp([p], new RmsPropOptions { Centered = true, Momentum = 0.9 })),
        })
        {
            double ms = Time(opt.Step);
            Report.Emit("optim", name, "ms/step", ms, ("elements", n), ("melem_per_s", n / ms / 1e3), ("vs_axpy_floor", ms / axpyMs));
            if (name == "adam") Report.Emit("optim", "adam_vs_scalar", "speedup", scalarMs / ms, ("scalar_ms", scalarMs));
        }
    }

    private static float[]? s_m;
    private static float[]? s_v;

    private static float[] Fill(int n)
    {
        var g = new float[n];
        for (int i = 0; i < n; i++) g[i] = MathF.Sin(i * 0.37f);
        return g;
    }

    private static void Axpy(float[] p, float[] g, float a)
    {
        int w = System.Numerics.Vector<float>.Count;
        int i = 0;
        for (; i <= p.Length - w; i += w)
            System.Numerics.Vector.FusedMultiplyAdd(new System.Numerics.Vector<float>(g, i), new System.Numerics.Vector<float>(a), new System.Numerics.Vector<float>(p, i)).CopyTo(p, i);
        for (; i < p.Length; i++) p[i] += a * g[i];
    }

    // The reference: the same Adam update, one element at a time.
    private static void ScalarAdam(float[] p, float[] g, float[] m, float[] v)
    {
        const float b1 = 0.9f, b2 = 0.999f, step = -1e-3f / 0.1f, bias2 = 0.0316f, eps = 1e-8f;
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = MathF.FusedMultiplyAdd(g[i], 1 - b1, m[i] * b1);
            v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i];
            p[i] += step * m[i] / (MathF.Sqrt(v[i]) / bias2 + eps);
        }
    }

    // Median of several timed batches, after a warm-up.
    private static double Time(Action action)
    {
        for (int i = 0; i < 3; i++) action();
        var samples = new List<double>();
        for (int r = 0; r < 7; r++)
        {
            var sw = Stopwatch.StartNew();
            const int reps = 10;
            for (int i = 0; i < reps; i++) action();
            samples.Add(sw.Elapsed.TotalMilliseconds / reps);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
