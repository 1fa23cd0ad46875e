using Skinner.Agents.Common;
using Skinner.Envs;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

public class ActorCriticPolicyTests
{
    private static readonly Box s_obs = new(-1, 1, 3);

    [Theory]
    [InlineData(GaussianHead.StateIndependentLogStd, false)]
    [InlineData(GaussianHead.TanhMeanSoftplusStd, true)]
    public void GaussianLogProbAndEntropyFollowTheDensity(GaussianHead head, bool shared)
    {
        var policy = new ActorCriticPolicy(s_obs, new Box(-1, 1, 2), new PolicyArchitecture { GaussianHead = head, Shared = shared, LogStdInit = -0.5f, NetArch = [8] }, new Rng(1));
        float[] obs = [0.1f, -0.4f, 0.7f, 0.3f, 0.2f, -0.9f];
        float[] actions = [0.5f, -0.25f, 1.5f, 0.0f];
        var x = new Tensor(obs, 2, 3);
        var (logProb, entropy, value) = policy.Evaluate(x, actions);
        var (_, normal) = policy.Distribution(x);
        Assert.Equal([2, 1], value.Shape);
        for (int r = 0; r < 2; r++)
        {
            double lp = 0, h = 0;
            for (int j = 0; j < 2; j++)
            {
                double mu = normal!.Mean.Data[(r * 2 + j) % normal.Mean.Numel], sigma = normal.Std.Data[(r * 2 + j) % normal.Std.Numel];
                double z = (actions[r * 2 + j] - mu) / sigma;
                lp += -0.5 * z * z - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
                h += 0.5 + 0.5 * Math.Log(2 * Math.PI) + Math.Log(sigma);
                if (head == GaussianHead.TanhMeanSoftplusStd) Assert.InRange(mu, -1, 1);
            }
            Assert.Equal(lp, logProb.Data[r], 4);
            Assert.Equal(h, entropy.Data[r], 4);
        }
    }

    // What lets PPO run the actor's and the critic's halves of an update on two threads.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SeparateActorAndCriticBackwardPassesGiveTheGradientsOfTheirSum(bool discrete)
    {
        Space actionSpace = discrete ? new Discrete(3) : new Box(-1, 1, 2);
        ActorCriticPolicy Make() => new(s_obs, actionSpace, new PolicyArchitecture { NetArch = [8, 8] }, new Rng(4));
        float[] obs = [0.1f, -0.4f, 0.7f, 0.3f, 0.2f, -0.9f, 0.5f, 0.5f, -0.1f, -0.6f, 0.8f, 0.0f];
        float[] actions = discrete ? [0, 2, 1, 1] : [0.5f, -0.25f, 0.9f, 0.0f, -0.7f, 0.3f, 0.1f, 0.2f];
        float[] advantages = [1.5f, -0.5f, 0.25f, -2f];
        float[] returns = [0.3f, -1.2f, 2.0f, 0.7f];
        (Tensor Actor, Tensor Critic) Losses(ActorCriticPolicy policy)
        {
            var x = new Tensor(obs, 4, 3);
            var (logProb, entropy) = policy.EvaluateActions(x, actions);
            var actor = -(logProb.Exp() * new Tensor(advantages, 4)).Mean() + 0.01f * -entropy.Mean();
            var critic = 0.5f * (policy.Value(x).Reshape(4) - new Tensor(returns, 4)).Square().Mean();
            return (actor, critic);
        }

        var combined = Make();
        var (a, c) = Losses(combined);
        (a + c).Backward();
        var split = Make();
        Assert.True(split.SeparateCritic);
        var (a2, c2) = Losses(split);
        c2.Backward();
        a2.Backward();

        var expected = combined.Parameters().ToArray();
        var got = split.Parameters().ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.NotNull(got[i].Grad);
            Assert.Equal(expected[i].Grad!.Data, got[i].Grad!.Data);
        }
        Assert.False(new ActorCriticPolicy(s_obs, actionSpace, new PolicyArchitecture { NetArch = [8], Shared = true }, new Rng(4)).SeparateCritic);
    }

    // PPO and A2C leave a zero-weighted entropy bonus out of the backward pass: the gradients must be those of the sum.
    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.01)]
    [InlineData(false, 0.01)]
    public void EntropyBonusOfWeightZeroLeavesTheGradientsOfTheSum(bool discrete, double entCoef)
    {
        Space actionSpace = discrete ? new Discrete(3) : new Box(-1, 1, 2);
        float[] obs = [0.1f, -0.4f, 0.7f, 0.3f, 0.2f, -0.9f, 0.5f, 0.5f, -0.1f, -0.6f, 0.8f, 0.0f];
        float[] actions = discrete ? [0, 2, 1, 1] : [0.5f, -0.25f, 0.9f, 0.0f, -0.7f, 0.3f, 0.1f, 0.2f];
        float[] advantages = [1.5f, -0.5f, 0.25f, -2f];
        float[][] Gradients(bool helper)
        {
            var policy = new ActorCriticPolicy(s_obs, actionSpace, new PolicyArchitecture { NetArch = [8, 8], Shared = true }, new Rng(4));
            var (logProb, entropy) = policy.EvaluateActions(new Tensor(obs, 4, 3), actions);
            var policyLoss = -(logProb.Exp() * new Tensor(advantages, 4)).Mean();
            var entropyLoss = -entropy.Mean();
            (helper ? OnPolicy.WithEntropyBonus(policyLoss, entCoef, entropyLoss) : policyLoss + ((float)entCoef * entropyLoss)).Backward();
            return policy.Parameters().Select(p => p.Grad?.Data ?? []).ToArray();
        }

        var expected = Gradients(helper: false);
        var got = Gradients(helper: true);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i]);
        if (entCoef > 0)
        {
            // The bonus is kept when it weighs something: its gradient is not zero.
            Assert.Contains(got, g => g.Length > 0);
            var withoutBonus = new ActorCriticPolicy(s_obs, actionSpace, new PolicyArchitecture { NetArch = [8, 8], Shared = true }, new Rng(4));
            var (lp, _) = withoutBonus.EvaluateActions(new Tensor(obs, 4, 3), actions);
            (-(lp.Exp() * new Tensor(advantages, 4)).Mean()).Backward();
            Assert.Contains(withoutBonus.Parameters().Select(p => p.Grad?.Data ?? []).Zip(got), pair => !pair.First.SequenceEqual(pair.Second));
        }
    }

    [Fact]
    public void CategoricalLogProbIsTheLogSoftmaxOfTheChosenAction()
    {
        var policy = new ActorCriticPolicy(s_obs, new Discrete(4), new PolicyArchitecture { NetArch = [8], OrthoInit = false }, new Rng(2));
        float[] obs = [0.1f, -0.4f, 0.7f];
        var x = new Tensor(obs, 1, 3);
        var (cat, _) = policy.Distribution(x);
        var logits = cat!.Logits.Data;
        for (int a = 0; a < 4; a++)
        {
            var (logProb, entropy, _) = policy.Evaluate(x, [a]);
            Assert.Equal(logits[a], logProb.Data[0], 5);
            double h = -logits.Sum(l => Math.Exp(l) * l);
            Assert.Equal(h, entropy.Data[0], 5);
        }
    }

    [Fact]
    public void OrthogonalInitialisationStartsNearUniform()
    {
        var policy = new ActorCriticPolicy(s_obs, new Discrete(3), new PolicyArchitecture(), new Rng(3));
        var (cat, _) = policy.Distribution(new Tensor([0.5f, 0.5f, -0.5f], 1, 3));
        Assert.All(cat!.Probs.Data, p => Assert.InRange(p, 0.32, 0.35));
    }

    [Fact]
    public void GaussianSamplesAreClippedOnlyOnTheWayToTheEnvironment()
    {
        var policy = new ActorCriticPolicy(s_obs, new Box(-2, 2, 1), new PolicyArchitecture { LogStdInit = 2f }, new Rng(4));
        var rng = new Rng(5);
        bool sawOutside = false;
        for (int i = 0; i < 50; i++)
        {
            var step = policy.Step([0f, 0f, 0f], 1, rng, deterministic: false);
            float env = policy.ToEnv(step.Actions)[0];
            Assert.InRange(env, -2f, 2f);
            sawOutside |= Math.Abs(step.Actions[0]) > 2;
        }
        Assert.True(sawOutside);
    }

    private static ActorCriticPolicy SdePolicy(bool fullStd, int actions = 2, uint seed = 6)
    {
        var policy = new ActorCriticPolicy(s_obs, new Box(-1, 1, actions), new PolicyArchitecture { UseSde = true, FullStd = fullStd, NetArch = [5], LogStdInit = -0.7f }, new Rng(seed));
        // Distinct σ per entry, so that a transposed or misindexed matrix would show.
        var logStd = policy.NamedParameters().Single(p => p.Name == "log_std").Tensor;
        for (int i = 0; i < logStd.Numel; i++) logStd.Data[i] = -1f + 0.13f * i;
        return policy;
    }

    private static float[] ActorFeatures(ActorCriticPolicy policy, Tensor x)
    {
        using var _ = Autograd.NoGrad();
        var trunk = (Skinner.Nn.Sequential)policy.Children().Single(c => c.Name == "actor").Module;
        return trunk.Forward(x).Data;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SdeVarianceIsTheFeatureWeightedSumOfSigmaSquared(bool fullStd)
    {
        var policy = SdePolicy(fullStd);
        var logStd = policy.NamedParameters().Single(p => p.Name == "log_std").Tensor;
        Assert.Equal(fullStd ? [5, 2] : [5, 1], logStd.Shape);
        float[] obs = [0.1f, -0.4f, 0.7f, 0.9f, 0.2f, -0.3f];
        var x = new Tensor(obs, 2, 3);
        var h = ActorFeatures(policy, x);
        var (_, normal) = policy.Distribution(x);
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < 2; k++)
            {
                double variance = 1e-6;
                for (int j = 0; j < 5; j++)
                {
                    double sigma = Math.Exp(logStd.Data[fullStd ? j * 2 + k : j]);
                    variance += h[r * 5 + j] * h[r * 5 + j] * sigma * sigma;
                }
                Assert.Equal(Math.Sqrt(variance), normal!.Std.Data[r * 2 + k], 5);
            }
    }

    [Fact]
    public void SdeNoiseIsFixedBetweenResetsAndHasTheDistributionsVariance()
    {
        var policy = SdePolicy(fullStd: true);
        var rng = new Rng(7);
        float[] obs = [0.3f, -0.2f, 0.5f];
        policy.ResetNoise(1, rng);
        var first = policy.Step(obs, 1, rng, deterministic: false);
        var again = policy.Step(obs, 1, rng, deterministic: false);
        // Same state, same matrix: the same action (state-dependent, not step-dependent, exploration).
        Assert.Equal(first.Actions, again.Actions);
        var mean = policy.Step(obs, 1, rng, deterministic: true).Actions;
        var (_, normal) = policy.Distribution(new Tensor(obs, 1, 3));
        // Over many redraws the noise h·E has the variance the log-probabilities assume.
        const int Draws = 4000;
        var sumSq = new double[2];
        for (int d = 0; d < Draws; d++)
        {
            policy.ResetNoise(1, rng);
            var a = policy.Step(obs, 1, rng, deterministic: false).Actions;
            for (int k = 0; k < 2; k++) sumSq[k] += (a[k] - mean[k]) * (a[k] - mean[k]);
        }
        for (int k = 0; k < 2; k++)
        {
            double expected = normal!.Std.Data[k] * normal.Std.Data[k] - 1e-6;
            Assert.InRange(sumSq[k] / Draws / expected, 0.9, 1.1);
        }
        // The log-probability is the Gaussian density of the action actually taken.
        var step = policy.Step(obs, 1, rng, deterministic: false);
        double lp = 0;
        for (int k = 0; k < 2; k++)
        {
            double sigma = normal!.Std.Data[k], z = (step.Actions[k] - normal.Mean.Data[k]) / sigma;
            lp += -0.5 * z * z - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
        }
        Assert.Equal(lp, step.LogProbs[0], 4);
    }

    [Fact]
    public void SdeGivesEachEnvironmentItsOwnMatrixAndOtherBatchesTheSharedOne()
    {
        var policy = SdePolicy(fullStd: true);
        var rng = new Rng(8);
        float[] one = [0.3f, -0.2f, 0.5f];
        float[] three = [.. one, .. one, .. one];
        policy.ResetNoise(3, rng);
        var rows = policy.Step(three, 3, rng, deterministic: false).Actions;
        Assert.NotEqual(rows[0], rows[2]);
        Assert.NotEqual(rows[2], rows[4]);
        var single = policy.Step(one, 1, rng, deterministic: false).Actions;
        Assert.Equal(single, policy.Step(one, 1, rng, deterministic: false).Actions);
        Assert.DoesNotContain(single[0], new[] { rows[0], rows[2], rows[4] });
    }

    [Fact]
    public void SdeEntropyTrainsSigmaButNotTheFeatures()
    {
        var policy = SdePolicy(fullStd: true);
        var (_, entropy, _) = policy.Evaluate(new Tensor([0.1f, -0.4f, 0.7f], 1, 3), [0.2f, -0.1f]);
        entropy.Mean().Backward();
        foreach (var (name, p) in policy.NamedParameters())
        {
            bool any = p.Grad is not null && p.Grad.Data.Any(g => g != 0);
            Assert.True(any == (name == "log_std"), $"{name}: gradient {(any ? "present" : "absent")}");
        }
    }

    [Fact]
    public void SdeNeedsContinuousActions()
    {
        var e = Assert.Throws<ArgumentException>(() => new ActorCriticPolicy(s_obs, new Discrete(2), new PolicyArchitecture { UseSde = true }, new Rng(1)));
        Assert.Contains("use_sde", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new ActorCriticPolicy(s_obs, new Box(-1, 1, 1), new PolicyArchitecture { UseSde = true, GaussianHead = GaussianHead.TanhMeanSoftplusStd }, new Rng(1)));
        Assert.Contains("gaussian_head", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, Activation.Tanh)]
    [InlineData(true, true, Activation.Relu)]
    [InlineData(false, false, Activation.Tanh)]
    [InlineData(false, true, Activation.Relu)]
    public void StepOnBuffersEqualsTheTensorOpsBitForBit(bool discrete, bool shared, Activation activation)
    {
        Space actionSpace = discrete ? new Discrete(3) : new Box(-2, 2, 2);
        var policy = new ActorCriticPolicy(new Box(-1, 1, 5), actionSpace, new PolicyArchitecture { NetArch = [16, 9], Shared = shared, Activation = activation, LogStdInit = -0.3f }, new Rng(4));
        var data = new Rng(5);
        // Row counts whose lengths take every SIMD width and the scalar tails; a row count seen before reuses buffers.
        foreach (int rows in new[] { 1, 3, 8, 1, 17 })
        {
            var obs = new float[rows * 5 + 2]; // longer than needed: only the first rows are read
            for (int i = 0; i < obs.Length; i++) obs[i] = (float)(2 * data.NextDouble() - 1);
            foreach (bool deterministic in new[] { false, true })
            {
                Rng fast = new(6), slow = new(6);
                var a = policy.Step(obs, rows, fast, deterministic);
                var b = policy.StepWithTensors(obs, rows, slow, deterministic);
                Assert.Equal(Bits(b.Actions), Bits(a.Actions));
                Assert.Equal(Bits(b.LogProbs), Bits(a.LogProbs));
                Assert.Equal(Bits(b.Values), Bits(a.Values));
                Assert.Equal(rows * policy.ActionSize, a.Actions.Length);
                Assert.Equal(slow.NextDouble(), fast.NextDouble()); // the same number of draws
            }
            using (Autograd.NoGrad())
            {
                var value = policy.Value(new Tensor(obs.AsSpan(0, rows * 5).ToArray(), rows, 5));
                Assert.Equal(Bits(value.Data), Bits(policy.Values(obs, rows)));
            }
        }
    }

    [Fact]
    public void StepFromSeveralThreadsAtOnceGivesEachTheSerialAnswer()
    {
        var policy = new ActorCriticPolicy(new Box(-1, 1, 4), new Box(-1, 1, 1), new PolicyArchitecture { NetArch = [32, 32] }, new Rng(7));
        float[] obs = [0.1f, -0.2f, 0.3f, -0.4f];
        var expected = policy.StepWithTensors(obs, 1, new Rng(8), deterministic: false);
        var failures = 0;
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var step = policy.Step(obs, 1, new Rng(8), deterministic: false);
                if (step.Actions[0] != expected.Actions[0] || step.LogProbs[0] != expected.LogProbs[0] || step.Values[0] != expected.Values[0])
                    Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void StepRejectsTooFewObservations()
    {
        var policy = new ActorCriticPolicy(s_obs, new Discrete(2), new PolicyArchitecture { NetArch = [4] }, new Rng(9));
        var e = Assert.Throws<ArgumentException>(() => policy.Step(new float[5], 2, new Rng(1), deterministic: false));
        Assert.Contains("2 rows of 3 observation values need 6", e.Message, StringComparison.Ordinal);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
