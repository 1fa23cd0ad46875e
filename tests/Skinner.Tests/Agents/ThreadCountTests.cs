using Skinner.Agents.Common;
using Skinner.Agents.Dqn;
using Skinner.Agents.Ppo;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

/// <summary>
/// Work that runs beside other work on a helper thread (PPO's actor and critic halves, DQN's target beside its
/// online pass) gives the same run as one thread. Gemm.MaxThreads is process-wide, so these run apart.
/// </summary>
[Collection(nameof(GemmSettingsCollection))]
public sealed class ThreadCountTests : IDisposable
{
    private readonly int _maxThreads = Gemm.MaxThreads;

    public void Dispose() => Gemm.MaxThreads = _maxThreads;

    [Theory]
    [InlineData("CartPole-v1", 0.0)]
    [InlineData("Pendulum-v1", 0.2)]
    public void PpoActorAndCriticSideBySideGiveTheSameRunAsOneThread(string env, double clipVf)
    {
        float[] Run(int threads)
        {
            Gemm.MaxThreads = threads;
            var options = new PpoOptions { NEnvs = 2, NSteps = 64, BatchSize = 32, NEpochs = 2, NetArch = [16, 16], ClipRangeVf = clipVf, MaxGradNorm = 0.5 };
            var agent = new Ppo(EnvRegistry.Make(env), options, seed: 7);
            agent.Learn(512, [], NullMetricSink.Instance);
            return [.. agent.Policy.Parameters().SelectMany(p => p.Data)];
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DqnTargetBesideTheOnlinePassGivesTheSameRunAsOneThread(bool doubleDqn)
    {
        float[] Run(int threads)
        {
            Gemm.MaxThreads = threads;
            var options = new DqnOptions
            {
                LearningRate = 1e-3, BufferSize = 5000, LearningStarts = 200, BatchSize = 32, TrainFreq = 1,
                TargetUpdateInterval = 100, ExplorationFraction = 0.3, NetArch = [32, 32], DoubleDqn = doubleDqn,
            };
            var agent = new Dqn(EnvRegistry.Make("CartPole-v1"), options, seed: 9);
            agent.Learn(1500, [], NullMetricSink.Instance);
            return [.. agent.QNetwork.Parameters().SelectMany(p => p.Data)];
        }
        Assert.Equal(Run(1), Run(2));
    }

    // A layer's input and weight gradients of a middle size (here 128 x 120 x 84 multiply-adds each) run side by side.
    [Fact]
    public void LinearGradientsSideBySideEqualOneThread()
    {
        (float[] X, float[] W, float[] B) Gradients(int threads)
        {
            Gemm.MaxThreads = threads;
            var rng = new Rng(21);
            var x = Tensor.Randn(rng, 128, 120).RequireGrad();
            var w = Tensor.Randn(rng, 84, 120).RequireGrad();
            var b = Tensor.Randn(rng, 84).RequireGrad();
            // Twice, so that the second pass adds to the gradients the first one wrote.
            Tensor.LinearTanh(x, w, b).Sum().Backward();
            (Tensor.Linear(x, w, b) * 0.5f).Square().Sum().Backward();
            return (x.Grad!.Data, w.Grad!.Data, b.Grad!.Data);
        }
        var one = Gradients(1);
        var two = Gradients(2);
        Assert.Equal(one.X, two.X);
        Assert.Equal(one.W, two.W);
        Assert.Equal(one.B, two.B);
    }

    // A layer's weight gradient computed on a helper while the pass goes on below (products of 0.6M to 1.5M
    // multiply-adds): the pass joins it before a node that uses the same weight again (a layer applied twice, a
    // penalty on the weight), before another deferred layer, and at its end; a weight that is not a leaf is not
    // deferred. Every gradient must equal one thread's, bit for bit.
    [Fact]
    public void DeferredWeightGradientsEqualOneThread()
    {
        float[][] Gradients(int threads)
        {
            Gemm.MaxThreads = threads;
            var rng = new Rng(22);
            var x = Tensor.Randn(rng, 128, 100).RequireGrad();
            var w1 = Tensor.Randn(rng, 100, 100).RequireGrad();
            var w2 = Tensor.Randn(rng, 84, 100).RequireGrad();
            var scale = Tensor.Randn(rng, 84, 100).RequireGrad();
            var b = Tensor.Randn(rng, 100).RequireGrad();
            var h = Tensor.LinearRelu(Tensor.LinearTanh(x, w1, b), w1, b);
            var y = Tensor.Linear(h, w2) + Tensor.Linear(h, w2 * scale);
            (y.Square().Mean() + (w1 * 0.01f).Square().Sum() + (w2 * 0.1f).Sum()).Backward();
            // A second pass adds to every gradient the first one wrote.
            (Tensor.Linear(Tensor.LinearTanh(x, w1, b), w2) * 0.5f).Sum().Backward();
            return [x.Grad!.Data, w1.Grad!.Data, w2.Grad!.Data, scale.Grad!.Data, b.Grad!.Data];
        }
        var one = Gradients(1);
        for (int round = 0; round < 20; round++)
        {
            var two = Gradients(2);
            for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
        }
    }
}
