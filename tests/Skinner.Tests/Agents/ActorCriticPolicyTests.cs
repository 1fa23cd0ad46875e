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
}
