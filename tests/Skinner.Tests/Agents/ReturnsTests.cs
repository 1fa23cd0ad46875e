using Skinner.Agents.Common;

namespace Skinner.Tests.Agents;

public class ReturnsTests
{
    [Fact]
    public void DiscountedReturnsMatchHandComputation()
    {
        // G2 = 3, G1 = 2 + 0.5*3 = 3.5, G0 = 1 + 0.5*3.5 = 2.75
        var g = Returns.Discounted([1f, 2f, 3f], 0.5);
        Assert.Equal([2.75f, 3.5f, 3f], g);
    }

    [Fact]
    public void NStepReturnsBootstrapOnTruncationButNotOnTermination()
    {
        // One env, 4 steps, γ = 0.5. Step 1 terminates; step 3 is truncated with final-obs value 10.
        float[] r = [1, 2, 3, 4];
        bool[] term = [false, true, false, false];
        bool[] trunc = [false, false, false, true];
        float[] truncV = [0, 0, 0, 10];
        var ret = Returns.NStep(r, term, trunc, truncV, lastValues: [100f], envs: 1, gamma: 0.5);
        // R3 = 4 + 0.5*10 = 9 (last value 100 is ignored: the episode ended at step 3)
        // R2 = 3 + 0.5*9 = 7.5
        // R1 = 2 (terminated: no bootstrap)
        // R0 = 1 + 0.5*2 = 2
        Assert.Equal([2f, 2f, 7.5f, 9f], ret);
    }

    [Fact]
    public void NStepReturnsUseLastValueWhenRolloutEndsMidEpisode()
    {
        // Two envs interleaved time-major: env0 rewards 1,1; env1 rewards 2,0. γ = 0.9.
        float[] r = [1, 2, 1, 0];
        bool[] none = new bool[4];
        var ret = Returns.NStep(r, none, none, new float[4], lastValues: [10f, -10f], envs: 2, gamma: 0.9);
        // env0: R1 = 1 + 9 = 10, R0 = 1 + 9 = 10. env1: R1 = 0 - 9 = -9, R0 = 2 - 8.1 = -6.1
        Assert.Equal(10f, ret[0], 5);
        Assert.Equal(-6.1f, ret[1], 5);
        Assert.Equal(10f, ret[2], 5);
        Assert.Equal(-9f, ret[3], 5);
    }

    [Fact]
    public void GaeMatchesHandComputationAcrossAnEpisodeBoundary()
    {
        // One env, γ = 0.9, λ = 0.8. Step 1 terminates, so step 2 starts a new episode.
        float[] r = [1, 1, 1];
        float[] v = [0.5f, 0.4f, 0.3f];
        bool[] term = [false, true, false];
        bool[] trunc = new bool[3];
        var (adv, ret) = Returns.Gae(r, v, term, trunc, new float[3], lastValues: [0.2f], envs: 1, gamma: 0.9, lambda: 0.8);
        double d2 = 1 + 0.9 * 0.2 - 0.3;          // 0.88
        double d1 = 1 + 0 - 0.4;                  // 0.6 (terminal: no bootstrap)
        double d0 = 1 + 0.9 * 0.4 - 0.5;          // 0.86
        double a2 = d2, a1 = d1, a0 = d0 + 0.9 * 0.8 * a1;
        Assert.Equal(a0, adv[0], 5);
        Assert.Equal(a1, adv[1], 5);
        Assert.Equal(a2, adv[2], 5);
        Assert.Equal(a0 + 0.5, ret[0], 5);
    }

    [Fact]
    public void GaeWithLambdaOneEqualsMonteCarloMinusValue()
    {
        float[] r = [1, 2, 3];
        float[] v = [0.1f, 0.2f, 0.3f];
        bool[] term = [false, false, true];
        bool[] none = new bool[3];
        var (adv, _) = Returns.Gae(r, v, term, none, new float[3], [0f], 1, 0.5, 1.0);
        var g = Returns.Discounted(r, 0.5);
        for (int t = 0; t < 3; t++) Assert.Equal(g[t] - v[t], adv[t], 5);
    }

    [Fact]
    public void GaeBootstrapsFromTheFinalObservationOnTruncation()
    {
        float[] r = [1];
        var (adv, _) = Returns.Gae(r, [0f], [false], [true], [5f], [1000f], 1, 0.5, 0.9);
        Assert.Equal(1 + 0.5 * 5, adv[0], 5);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Returns.NStep([1, 2], [false], [false, false], [0, 0], [0], 1, 0.9));
    }
}
