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
}
