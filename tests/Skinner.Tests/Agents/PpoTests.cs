using Skinner.Agents.Common;
using Skinner.Agents.Ppo;
using Skinner.Tensors;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Tests.Agents;

public class PpoTests
{
    private static float[] Weights(Ppo agent) => [.. agent.Policy.Parameters().SelectMany(p => p.Data)];

    [Fact]
    public void LearnsTheIdentityTask()
    {
        var options = new PpoOptions { Gamma = 0.0, NSteps = 64, BatchSize = 32, NEpochs = 4, LearningRate = 3e-3, NetArch = [32] };
        var agent = new Ppo(new IdentityEnv(), options, seed: 1);
        agent.Learn(3000, [], NullMetricSink.Instance);
        var eval = Evaluation.Run(new IdentityEnv(), o => agent.Act(o, true), 10, seed: 99);
        Assert.True(eval.MeanReturn >= 9.5, $"mean return {eval.MeanReturn} < 9.5 of 10");
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 4.0)]
    public void BootstrapsOnTruncationButNotOnTermination(bool truncate, double expected)
    {
        var options = new PpoOptions { Gamma = 0.75, GaeLambda = 1, NSteps = 16, BatchSize = 16, NEpochs = 4, LearningRate = 1e-2, NetArch = [16], NormalizeAdvantage = false };
        var agent = new Ppo(new OneStepEnv(truncate), options, seed: 2);
        agent.Learn(2000, [], NullMetricSink.Instance);
        using var _ = Autograd.NoGrad();
        float v = agent.Policy.Value(new Tensor([1f], 1, 1)).Item();
        Assert.InRange(v, expected - 0.1, expected + 0.1);
    }

    [Theory]
    [InlineData("CartPole-v1", 2, 0.0)]
    [InlineData("Pendulum-v1", 2, 0.2)]
    public void SameSeedGivesTheSameWeightsBitForBit(string env, int envs, double clipVf)
    {
        float[] Run()
        {
            var options = new PpoOptions
            {
                NEnvs = envs, NSteps = 64, BatchSize = 32, NEpochs = 2, NetArch = [16], ClipRangeVf = clipVf,
                NormalizeObservation = true, NormalizeReward = true, LearningRateSchedule = LearningRateSchedule.Linear,
            };
            var agent = new Ppo(EnvRegistry.Make(env), options, seed: 3);
            agent.Learn(512, [], NullMetricSink.Instance);
            return Weights(agent);
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void StateDependentExplorationIsDeterministicAndTrainsSigma()
    {
        (float[] Weights, float[] LogStd) Run()
        {
            var options = new PpoOptions { NEnvs = 2, NSteps = 64, BatchSize = 32, NEpochs = 2, NetArch = [16], UseSde = true, SdeSampleFreq = 4, LogStdInit = -1 };
            var agent = new Ppo(EnvRegistry.Make("Pendulum-v1"), options, seed: 5);
            agent.Learn(512, [], NullMetricSink.Instance);
            return (Weights(agent), agent.Policy.NamedParameters().Single(p => p.Name == "log_std").Tensor.Data);
        }
        var (weights, logStd) = Run();
        Assert.Equal(weights, Run().Weights);
        Assert.Equal(16 * 1, logStd.Length);
        Assert.Contains(logStd, v => v != -1f);
        var e = Assert.Throws<ArgumentException>(() => new Ppo(EnvRegistry.Make("Pendulum-v1"), new PpoOptions { UseSde = true, SdeSampleFreq = 0 }, 0));
        Assert.Contains("sde_sample_freq", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointRoundTripRestoresTheWeights()
    {
        var options = new PpoOptions { NSteps = 32, BatchSize = 16, NEpochs = 1, NetArch = [8], NormalizeObservation = true };
        var agent = new Ppo(EnvRegistry.Make("CartPole-v1"), options, seed: 4);
        agent.Learn(64, [], NullMetricSink.Instance);
        string path = Path.Combine(Path.GetTempPath(), $"ppo-{Guid.NewGuid():N}.safetensors");
        try
        {
            agent.Save(path);
            var other = new Ppo(EnvRegistry.Make("CartPole-v1"), options, seed: 5);
            other.Load(path);
            Assert.Equal(Weights(agent), Weights(other));
            Assert.Equal(agent.Steps, other.Steps);
            float[] obs = [0.1f, -0.2f, 0.03f, 0.4f];
            Assert.Equal(agent.Act(obs, true), other.Act(obs, true));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".state");
        }
    }

    [Fact]
    public void RejectsABatchLargerThanTheRollout()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ppo(new IdentityEnv(), new PpoOptions { NSteps = 8, BatchSize = 64 }, 0));
        Assert.Contains("batch_size", e.Message, StringComparison.Ordinal);
    }
}
