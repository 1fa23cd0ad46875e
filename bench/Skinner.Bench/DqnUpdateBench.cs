using Skinner.Agents.Common;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// One full DQN gradient step on one thread, in microseconds (median of many steps after warm-up): target
/// network forward under no-grad, y = r + γ·max_a Q_target(s', a)·(1 − done), online forward, gather of
/// Q(s, a), MSE, backward, Adam. Cases name the network (obs-hidden-hidden-actions) and the batch size;
/// phase medians and the PyTorch reference for the same step ride along.
/// PyTorch's time for the same step on this machine rides along where torch is installed (<see cref="PytorchReference"/>).
/// Options: <c>--no-pytorch</c>, <c>--steps N</c> (timed steps, default 800).
/// </summary>
public static class DqnUpdateBench
{
    private static readonly (int Hidden, int Batch, double TargetUs, double PytorchUs)[] s_cases =
    [
        (64, 64, 35, 272), (64, 128, 50, 291), (256, 64, 250, 660), (256, 128, 450, 1025),
    ];

    private static readonly string[] s_phases = ["target_net", "forward", "backward", "adam"];

    public static void Run(string[] args)
    {
        int si = Array.IndexOf(args, "--steps");
        int steps = si >= 0 && si + 1 < args.Length ? int.Parse(args[si + 1], System.Globalization.CultureInfo.InvariantCulture) : 800;
        // PyTorch first, while the process is small: the same cases, one thread, this machine, this run.
        var pytorch = PytorchReference.Measure("dqn", steps, args);
        int savedThreads = Gemm.MaxThreads;
        Gemm.MaxThreads = 1;
        try
        {
            foreach (var (hidden, batch, targetUs, pytorchUs) in s_cases)
            {
                var timing = Measure(hidden, batch, steps);
                double matmulUs = MatmulReplay.MedianUs([(4, hidden), (hidden, hidden), (hidden, 2)], batch, forwards: 2, backwards: 1, inputGradOfFirst: false, steps);
                // Multiply-adds in the step's products: three forwards' worth (target, online, weight gradients)
                // plus the input gradients of the two upper layers.
                long forward = (long)batch * (4 * hidden + hidden * hidden + hidden * 2);
                double mflop = 2e-6 * (3 * forward + (long)batch * (hidden * hidden + hidden * 2));
                string name = $"4-{hidden}-{hidden}-2/b{batch}";
                Report.Emit("dqn-update", name, "us", timing.MedianTotal,
                    [("target_us", targetUs), ("pytorch_us", pytorchUs), ("vs_target", timing.MedianTotal / targetUs),
                     ("vs_pytorch", timing.MedianTotal / pytorchUs),
                     .. PytorchReference.Fields(pytorch, name, timing.MedianTotal, pytorchUs, targetUs), ("steps", steps), ("matmul_mflop", mflop), ("matmul_only_us", matmulUs),
                     .. timing.StepFields(), .. timing.PhaseFields(), .. timing.GcFields()]);
            }
        }
        finally
        {
            Gemm.MaxThreads = savedThreads;
        }
    }

    private static UpdateTiming Measure(int hidden, int batch, int steps)
    {
        const int Obs = 4, Actions = 2;
        const float Gamma = 0.99f;
        var rng = new Rng(7);
        var online = Networks.Mlp(Obs, [hidden, hidden], Actions, rng);
        var target = Networks.Mlp(Obs, [hidden, hidden], Actions, rng);
        TargetUpdate.HardCopy(online, target);
        var adam = new Adam(online.Parameters(), new AdamOptions { LearningRate = 1e-4 });

        // One fixed minibatch: sampling is the replay buffer's cost, not the update's.
        var obs = Random(rng, batch, Obs);
        var next = Random(rng, batch, Obs);
        var actions = new IntTensor([.. Enumerable.Range(0, batch).Select(_ => rng.NextInt(Actions))], batch, 1);
        float[] rewards = [.. Enumerable.Range(0, batch).Select(_ => rng.NextFloat())];
        float[] notDone = [.. Enumerable.Range(0, batch).Select(_ => rng.NextFloat() < 0.05f ? 0f : 1f)];

        // Long enough for tiered compilation to reach its optimised code (with PGO) even for the smallest network.
        int warmup = Math.Max(3000, 4 * steps);
        var timing = new UpdateTiming(s_phases, steps);
        for (int s = -warmup; s < steps; s++)
        {
            if (s == 0) timing.StartCounters();
            timing.Begin(Math.Max(s, 0));
            Tensor y;
            using (Autograd.NoGrad())
            {
                var maxNext = target.Forward(next).Max(1, keepDim: true).Values;
                float[] values = new float[batch];
                for (int i = 0; i < batch; i++) values[i] = rewards[i] + Gamma * maxNext.Data[i] * notDone[i];
                y = new Tensor(values, batch, 1);
            }
            timing.Mark();
            var q = online.Forward(obs).Gather(1, actions);
            var loss = Losses.Mse(q, y);
            timing.Mark();
            adam.ZeroGrad();
            loss.Backward();
            timing.Mark();
            adam.Step();
            timing.Mark();
            timing.End();
        }
        return timing;
    }

    private static Tensor Random(Rng rng, int rows, int cols)
    {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.Uniform(-1, 1);
        return new Tensor(data, rows, cols);
    }
}
