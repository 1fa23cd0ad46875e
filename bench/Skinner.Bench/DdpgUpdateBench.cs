using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// One full DDPG update on one thread, in microseconds (median of many steps after warm-up), for Pendulum-sized
/// inputs (3 observations, 1 action): critic target r + γ·Q'(s', μ'(s')) under no-grad, critic MSE, backward and
/// Adam; actor loss −Q(s, μ(s)), backward and Adam; Polyak update of both target networks. The critic is
/// 3-400-300-1 with the action joining at the second layer; the actor is 3-400-300-1 with a tanh output.
/// PyTorch's time for the same step on this machine rides along where torch is installed (<see cref="PytorchReference"/>).
/// Options: <c>--no-pytorch</c>, <c>--steps N</c> (timed steps, default 600).
/// </summary>
public static class DdpgUpdateBench
{
    private const int Obs = 3, Act = 1, H1 = 400, H2 = 300;

    private static readonly (int Batch, double TargetUs, double PytorchUs)[] s_cases = [(64, 1100, 3659), (128, 2100, 5116)];

    private static readonly string[] s_phases = ["target_net", "critic_fwd", "critic_bwd", "critic_adam", "actor_fwd", "actor_bwd", "actor_adam", "polyak"];

    public static void Run(string[] args)
    {
        int si = Array.IndexOf(args, "--steps");
        int steps = si >= 0 && si + 1 < args.Length ? int.Parse(args[si + 1], System.Globalization.CultureInfo.InvariantCulture) : 600;
        // PyTorch first, while the process is small: the same cases, one thread, this machine, this run.
        var pytorch = PytorchReference.Measure("ddpg", steps, args);
        int savedThreads = Gemm.MaxThreads;
        Gemm.MaxThreads = 1;
        try
        {
            foreach (var (batch, targetUs, pytorchUs) in s_cases)
            {
                var timing = Measure(batch, steps);
                // Products of one update: the critic runs forward three times (target, critic loss, actor loss) and
                // backward twice; the actor forward twice (target, actor loss) and backward once.
                (int, int)[] actorLayers = [(Obs, H1), (H1, H2), (H2, Act)], criticLayers = [(Obs, H1), (H1 + Act, H2), (H2, 1)];
                double matmulUs = MatmulReplay.MedianUs(criticLayers, batch, forwards: 3, backwards: 2, inputGradOfFirst: false, steps)
                    + MatmulReplay.MedianUs(actorLayers, batch, forwards: 2, backwards: 1, inputGradOfFirst: false, steps);
                string name = $"{H1}-{H2}/b{batch}";
                Report.Emit("ddpg-update", name, "us", timing.MedianTotal,
                    [("target_us", targetUs), ("pytorch_us", pytorchUs), ("vs_target", timing.MedianTotal / targetUs),
                     ("vs_pytorch", timing.MedianTotal / pytorchUs),
                     .. PytorchReference.Fields(pytorch, name, timing.MedianTotal, pytorchUs, targetUs), ("steps", steps), ("matmul_only_us", matmulUs),
                     .. timing.StepFields(), .. timing.PhaseFields(), .. timing.GcFields()]);
            }
        }
        finally
        {
            Gemm.MaxThreads = savedThreads;
        }
    }

    private static UpdateTiming Measure(int batch, int steps)
    {
        const float Gamma = 0.99f;
        const double Tau = 0.005;
        var rng = new Rng(11);
        var actor = Actor(rng);
        var actorTarget = Actor(rng);
        var critic = new Critic(rng);
        var criticTarget = new Critic(rng);
        TargetUpdate.HardCopy(actor, actorTarget);
        TargetUpdate.HardCopy(critic, criticTarget);
        var actorAdam = new Adam(actor.Parameters(), new AdamOptions { LearningRate = 1e-4 });
        var criticAdam = new Adam(critic.Parameters(), new AdamOptions { LearningRate = 1e-3 });

        var obs = Random(rng, batch, Obs);
        var next = Random(rng, batch, Obs);
        var actions = Random(rng, batch, Act);
        float[] rewards = [.. Enumerable.Range(0, batch).Select(_ => rng.NextFloat())];
        float[] notDone = [.. Enumerable.Range(0, batch).Select(_ => rng.NextFloat() < 0.05f ? 0f : 1f)];

        // Long enough for tiered compilation to reach its optimised code (with PGO).
        int warmup = Math.Max(600, 2 * steps);
        var timing = new UpdateTiming(s_phases, steps);
        for (int s = -warmup; s < steps; s++)
        {
            if (s == 0) timing.StartCounters();
            timing.Begin(Math.Max(s, 0));
            Tensor y;
            using (Autograd.NoGrad())
            {
                var nextQ = criticTarget.Forward(next, actorTarget.Forward(next));
                float[] values = new float[batch];
                for (int i = 0; i < batch; i++) values[i] = rewards[i] + Gamma * nextQ.Data[i] * notDone[i];
                y = new Tensor(values, batch, 1);
            }
            timing.Mark();
            var criticLoss = Losses.Mse(critic.Forward(obs, actions), y);
            timing.Mark();
            criticAdam.ZeroGrad();
            criticLoss.Backward();
            timing.Mark();
            criticAdam.Step();
            timing.Mark();
            var actorLoss = -critic.Forward(obs, actor.Forward(obs)).Mean();
            timing.Mark();
            actorAdam.ZeroGrad();
            actorLoss.Backward();
            timing.Mark();
            actorAdam.Step();
            timing.Mark();
            TargetUpdate.Polyak(actor, actorTarget, Tau);
            TargetUpdate.Polyak(critic, criticTarget, Tau);
            timing.Mark();
            timing.End();
        }
        return timing;
    }

    private static Sequential Actor(Rng rng) =>
        new(new Linear(Obs, H1, rng), new ReLU(), new Linear(H1, H2, rng), new ReLU(), new Linear(H2, Act, rng), new Tanh());

    /// <summary>Q(s, a) with the action concatenated to the first hidden layer's output.</summary>
    private sealed class Critic(Rng rng) : Module
    {
        private readonly Linear _l1 = new(Obs, H1, rng), _l2 = new(H1 + Act, H2, rng), _l3 = new(H2, 1, rng);

        public Tensor Forward(Tensor obs, Tensor action)
        {
            var h1 = _l1.Forward(obs).Relu();
            var h2 = _l2.Forward(Tensor.Cat([h1, action], 1)).Relu();
            return _l3.Forward(h2);
        }

        public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() =>
        [
            .. _l1.NamedParameters().Select(p => ("l1." + p.Name, p.Tensor)),
            .. _l2.NamedParameters().Select(p => ("l2." + p.Name, p.Tensor)),
            .. _l3.NamedParameters().Select(p => ("l3." + p.Name, p.Tensor)),
        ];
    }

    private static Tensor Random(Rng rng, int rows, int cols)
    {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.Uniform(-1, 1);
        return new Tensor(data, rows, cols);
    }
}
