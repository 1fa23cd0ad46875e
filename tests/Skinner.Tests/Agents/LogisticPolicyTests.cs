using Skinner.Agents.Reinforce;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

public class LogisticPolicyTests
{
    private static (LogisticPolicy Policy, float[] X) Draw(int seed, int size = 4)
    {
        var rng = new Rng((ulong)seed);
        var policy = new LogisticPolicy(size, rng);
        var x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        return (policy, x);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    public void ScoreEqualsAutogradOfLogSigmoid(int seed, int action)
    {
        var (policy, x) = Draw(seed);
        var grad = new double[x.Length];
        policy.GradLogProb(x, action, grad);

        // log π(0|x) = log σ(x·θ), log π(1|x) = log σ(-x·θ): differentiated by the engine, not by the closed form.
        var theta = new Tensor((float[])policy.Theta.Data.Clone(), 1, x.Length).RequireGrad();
        var y = Tensor.MatMul(theta, new Tensor(x, x.Length, 1));
        var logp = (action == 0 ? y : -y).Sigmoid().Log().Sum();
        logp.Backward();
        for (int i = 0; i < x.Length; i++) Assert.Equal(theta.Grad!.Data[i], grad[i], 5);
    }

    [Fact]
    public void ScoreEqualsFiniteDifferences()
    {
        var (policy, x) = Draw(4);
        var grad = new double[x.Length];
        policy.GradLogProb(x, 1, grad);
        const float h = 1e-2f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = policy.Theta.Data[i];
            policy.Theta.Data[i] = keep + h;
            double up = Math.Log(1 - policy.ProbabilityOfFirst(x));
            policy.Theta.Data[i] = keep - h;
            double down = Math.Log(1 - policy.ProbabilityOfFirst(x));
            policy.Theta.Data[i] = keep;
            Assert.Equal((up - down) / (2 * h), grad[i], 3);
        }
    }

    [Fact]
    public void UpdateAscendsTheReturnWeightedScore()
    {
        var (policy, x0) = Draw(5);
        var (_, x1) = Draw(6);
        var before = (float[])policy.Theta.Data.Clone();
        double p0 = policy.ProbabilityOfFirst(x0), p1 = policy.ProbabilityOfFirst(x1);
        float[] weights = [2.5f, -1.25f];
        policy.Update([.. x0, .. x1], [0, 1], weights, alpha: 0.1);
        for (int i = 0; i < before.Length; i++)
        {
            // θ += α (x0 (1 - σ0) G0 + (-x1 σ1) G1).
            double expected = before[i] + 0.1 * (x0[i] * (1 - p0) * weights[0] - x1[i] * p1 * weights[1]);
            Assert.Equal(expected, policy.Theta.Data[i], 5);
        }
    }

    [Fact]
    public void ThetaStartsUniformInTheUnitInterval()
    {
        var policy = new LogisticPolicy(64, new Rng(9));
        Assert.All(policy.Theta.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.True(policy.Theta.Data.Distinct().Count() > 60);
    }
}
