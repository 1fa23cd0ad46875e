using Skinner.Agents.Common;
using Skinner.Agents.Dqn;
using Skinner.Envs;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class DqnTests
{
    private static readonly DqnOptions s_small = new()
    {
        LearningRate = 1e-3, BufferSize = 5000, LearningStarts = 200, BatchSize = 32, TrainFreq = 1,
        TargetUpdateInterval = 100, ExplorationFraction = 0.3, NetArch = [32, 32],
    };

    private static float[] Weights(Dqn agent) => [.. agent.QNetwork.Parameters().SelectMany(p => p.Data)];

    [Fact]
    public void LearnsTheIdentityTask()
    {
        var agent = new Dqn(new IdentityEnv(), s_small with { Gamma = 0.0 }, seed: 1);
        agent.Learn(3000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(), o => agent.Act(o, true), 10, seed: 99);
        Assert.True(eval.MeanReturn >= 9.5, $"mean return {eval.MeanReturn} < 9.5 of 10");
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 2.0)]
    public void BootstrapsOnTruncationButNotOnTermination(bool truncate, double expected)
    {
        // γ = 0.5: Q = 1 when the step terminates, Q = 1 + 0.5 Q = 2 when the episode is only truncated.
        var options = s_small with { Gamma = 0.5, LearningStarts = 50, TargetUpdateInterval = 20, Loss = TdLoss.Mse, LearningRate = 3e-3 };
        var agent = new Dqn(new OneStepEnv(truncate), options, seed: 2);
        agent.Learn(3000, [], NullMetricSink.Instance);
        using var _ = Autograd.NoGrad();
        float q = agent.QNetwork.Forward(new Tensor([1f], 1, 1)).Item();
        Assert.InRange(q, expected - 0.05, expected + 0.05);
    }

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, true, 3)]
    public void SameSeedGivesTheSameRunBitForBit(bool doubleDqn, bool dueling, int nStep)
    {
        var options = s_small with { DoubleDqn = doubleDqn, Dueling = dueling, NStep = nStep, PrioritizedReplay = nStep > 1 };
        float[] Run()
        {
            var agent = new Dqn(EnvRegistry.Make("CartPole-v1"), options, seed: 7);
            agent.Learn(1500, [], NullMetricSink.Instance);
            return Weights(agent);
        }
        Assert.Equal(Run(), Run());
    }

    // The acting path without tensors gives Forward's Q-values bit for bit, for every plain MLP; other networks decline.
    [Theory]
    [InlineData(Activation.Relu, new[] { 64, 64 })]
    [InlineData(Activation.Tanh, new[] { 7, 33, 9 })]
    [InlineData(Activation.Relu, new int[0])]
    public void GreedyWithoutTensorsGivesForwardsQValuesBitForBit(Activation activation, int[] netArch)
    {
        var options = s_small with { Activation = activation, NetArch = netArch };
        var q = new QNetwork([5], options, 3, new Rng(4));
        var rng = new Rng(6);
        for (int n = 0; n < 50; n++)
        {
            var obs = new float[5];
            for (int i = 0; i < obs.Length; i++) obs[i] = (float)rng.Uniform(-3, 3);
            float[] expected;
            using (Autograd.NoGrad()) expected = q.Forward(new Tensor(obs, 1, 5)).Data;
            Assert.Equal(expected, q.QValuesWithoutTensors(obs));
            Assert.Equal(Tensor.ArgMax(expected, 0, 3, 1, out _), q.GreedyWithoutTensors(obs));
        }
        Assert.Null(q.GreedyWithoutTensors(new float[4]));   // a wrong length is left to the tensor path's error
        Assert.Null(new QNetwork([5], options with { Dueling = true }, 3, new Rng(4)).GreedyWithoutTensors(new float[5]));
        if (netArch.Length > 0) Assert.Null(new QNetwork([5], options with { Dropout = 0.1 }, 3, new Rng(4)).GreedyWithoutTensors(new float[5]));
    }

    // The target pass without tensors gives Forward(x).Max(1)'s values bit for bit, at every batch size (the products
    // of a batch take other paths than one observation's), and declines networks that only the tensor path serves.
    [Theory]
    [InlineData(Activation.Relu, new[] { 120, 84 }, 128)]
    [InlineData(Activation.Relu, new[] { 64, 64 }, 3)]
    [InlineData(Activation.Tanh, new[] { 7, 33, 9 }, 32)]
    [InlineData(Activation.Relu, new int[0], 17)]
    public void MaxQValuesWithoutTensorsEqualForwardsMax(Activation activation, int[] netArch, int rows)
    {
        var options = s_small with { Activation = activation, NetArch = netArch };
        var q = new QNetwork([5], options, 3, new Rng(4));
        var rng = new Rng(8);
        foreach (int batch in new[] { rows, rows, 1, rows })   // buffers kept, remade for another size, kept again
        {
            var obs = new float[batch * 5];
            for (int i = 0; i < obs.Length; i++) obs[i] = (float)rng.Uniform(-3, 3);
            float[] expected;
            using (Autograd.NoGrad()) expected = q.Forward(new Tensor(obs, batch, 5)).Max(1).Values.Data;
            var max = new float[batch];
            Assert.True(q.MaxQValuesInto(obs, batch, max));
            Assert.Equal(expected, max);
        }
        Assert.False(q.MaxQValuesInto(new float[8], 2, new float[2]));   // a wrong width is left to the tensor path
        Assert.False(new QNetwork([5], options with { Dueling = true }, 3, new Rng(4)).MaxQValuesInto(new float[10], 2, new float[2]));
    }

    private sealed class StopAt(long step) : Callback
    {
        public override bool OnStep(TrainingState state) => state.Steps < step;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunContinuesTheSameCurve(bool prioritized)
    {
        // Interrupt mid-episode (step 1237), save, load into a new agent, and finish: the result must be
        // the weights of the uninterrupted run, bit for bit.
        var options = s_small with { PrioritizedReplay = prioritized, NStep = 2 };
        var straight = new Dqn(EnvRegistry.Make("CartPole-v1"), options, seed: 3);
        straight.Learn(2500, [], NullMetricSink.Instance);

        string path = Path.Combine(Path.GetTempPath(), $"skinner-dqn-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            var first = new Dqn(EnvRegistry.Make("CartPole-v1"), options, seed: 3);
            first.Learn(2500, [new StopAt(1237)], NullMetricSink.Instance);
            Assert.Equal(1237, first.Steps);
            first.Save(path);
            // Only the filled rows of the replay buffer are written (CartPole: 4 values per observation).
            var state = Skinner.Nn.Serialization.SafeTensors.Load(path + ".state");
            int count = int.Parse(state.Metadata["replay_count"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(count, 1200, 1237);
            Assert.Equal(count * 4, state.Tensors["replay.observations"].Numel);

            var resumed = new Dqn(EnvRegistry.Make("CartPole-v1"), options, seed: 3);
            resumed.Load(path);
            Assert.Equal(1237, resumed.Steps);
            resumed.Learn(2500, [], NullMetricSink.Instance);
            Assert.Equal(Weights(straight), Weights(resumed));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".state");
        }
    }

    [Fact]
    public void ImpossibleHyperparametersNameTheKey()
    {
        var env = new IdentityEnv();
        var e = Assert.Throws<ArgumentException>(() => new Dqn(env, new DqnOptions { LearningRate = -1 }, 0));
        Assert.Contains("learning_rate", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new Dqn(env, new DqnOptions { BufferSize = 10, BatchSize = 64 }, 0));
        Assert.Contains("batch_size", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new Dqn(EnvRegistry.Make("Pendulum-v1"), new DqnOptions(), 0));
        Assert.Contains("discrete", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EpsilonSchedulesFollowTheirFormulas()
    {
        var env = new IdentityEnv();
        var exp = new Dqn(env, new DqnOptions { ExplorationSchedule = ExplorationSchedule.Exponential, ExplorationInitialEps = 0.9, ExplorationFinalEps = 0.05, ExplorationDecay = 200 }, 0);
        Assert.Equal(0.9, exp.Epsilon(1000), 12);
        var linear = new Dqn(env, new DqnOptions { ExplorationFraction = 0.5 }, 0);
        Assert.Equal(1.0, linear.Epsilon(1000), 12);
    }
}
