using System.Diagnostics;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// One DQN gradient step as the agent does it: online forward, target forward and max under no-grad,
/// gather of the taken actions, MSE, zero-grad, backward, Adam step. Reports the median time per step
/// over several rounds and the bytes allocated per step.
/// Options: <c>--steps N</c> (per round, default 2000), <c>--rounds R</c> (default 7).
/// </summary>
public static class DqnStepBench
{
    public static void Run(string[] args)
    {
        int steps = Option(args, "--steps", 2000), rounds = Option(args, "--rounds", 7);
        Measure(4, 8, 2, 4, steps, rounds); // the engine's own per-step overhead: the products are negligible here
        Measure(4, 64, 2, 64, steps, rounds);
        Measure(4, 256, 2, 128, Math.Max(1, steps / 5), rounds);
    }

    private static void Measure(int obs, int hidden, int actions, int batch, int steps, int rounds)
    {
        var rng = new Rng(1);
        Sequential Net() => new(new Linear(obs, hidden, rng), new ReLU(), new Linear(hidden, hidden, rng), new ReLU(), new Linear(hidden, actions, rng));
        var online = Net();
        var target = Net();
        var adam = new Adam(online.Parameters());
        var x = Random(rng, batch * obs);
        var next = Random(rng, batch * obs);
        var rewards = Random(rng, batch);
        var act = new int[batch];
        for (int i = 0; i < batch; i++) act[i] = rng.NextInt(actions);
        var index = new IntTensor(act, batch, 1);

        void Step()
        {
            Tensor y;
            using (Autograd.NoGrad())
            {
                var best = target.Forward(new Tensor(next, batch, obs)).Max(1, keepDim: true).Values;
                y = best * 0.99f + new Tensor(rewards, batch, 1);
            }
            var q = online.Forward(new Tensor(x, batch, obs)).Gather(1, index);
            var loss = Losses.Mse(q, y);
            adam.ZeroGrad();
            loss.Backward();
            adam.Step();
        }

        for (int i = 0; i < Math.Max(200, steps / 2); i++) Step(); // JIT tiers and caches
        var times = new double[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            sw.Stop();
            bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
            times[r] = sw.Elapsed.TotalMicroseconds / steps;
        }
        Array.Sort(times);
        double gemm = GemmOnly(obs, hidden, actions, batch, steps, rounds);
        Report.Emit("dqnstep", $"{obs}-{hidden}-{hidden}-{actions} batch {batch}", "us/step", times[rounds / 2],
            ("min_us", times[0]), ("max_us", times[^1]), ("gemm_only_us", gemm), ("bytes_per_step", bytes), ("simd", Simd.MaxWidth));
    }

    /// <summary>
    /// The median time of the step's eleven matrix products alone (same shapes and transposes), measured in
    /// the same run: the floor the engine's overhead sits on, which makes the figures readable on a busy machine.
    /// </summary>
    private static double GemmOnly(int obs, int hidden, int actions, int batch, int steps, int rounds)
    {
        int big = Math.Max(hidden, obs) * Math.Max(hidden, batch);
        float[] a = new float[big], b = new float[big], c = new float[big];
        void Step()
        {
            for (int net = 0; net < 2; net++)
            {
                Gemm.Multiply(false, true, batch, hidden, obs, a, obs, b, obs, c, hidden, true);
                Gemm.Multiply(false, true, batch, hidden, hidden, a, hidden, b, hidden, c, hidden, true);
                Gemm.Multiply(false, true, batch, actions, hidden, a, hidden, b, hidden, c, actions, true);
            }
            Gemm.Multiply(false, false, batch, hidden, actions, a, actions, b, hidden, c, hidden, true);
            Gemm.Multiply(true, false, actions, hidden, batch, a, actions, b, hidden, c, hidden, true);
            Gemm.Multiply(false, false, batch, hidden, hidden, a, hidden, b, hidden, c, hidden, true);
            Gemm.Multiply(true, false, hidden, hidden, batch, a, hidden, b, hidden, c, hidden, true);
            Gemm.Multiply(true, false, hidden, obs, batch, a, hidden, b, obs, c, obs, true);
        }
        for (int i = 0; i < Math.Max(200, steps / 2); i++) Step();
        var times = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            times[r] = sw.Elapsed.TotalMicroseconds / steps;
        }
        Array.Sort(times);
        return times[rounds / 2];
    }

    private static float[] Random(Rng rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)rng.Uniform(-1, 1);
        return v;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
