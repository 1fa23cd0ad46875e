using Skinner.Agents.Common;
using Skinner.Envs.Wrappers;

namespace Skinner.Tests.Agents;

public class VecNormalizerTests
{
    [Fact]
    public void RewardsAreScaledByTheSpreadOfEachEnvironmentsDiscountedReturn()
    {
        const double gamma = 0.5;
        var normalizer = new VecNormalizer(2, 1, observations: false, rewards: true, gamma);
        var reference = new RunningMeanStd(1);
        float[] first = [1f, 2f];
        normalizer.Rewards(first, [true, false]);
        reference.Update([1f, 2f], 2);
        Assert.Equal(1 / Math.Sqrt(reference.Var[0] + 1e-8), first[0], 5);
        Assert.Equal(2 / Math.Sqrt(reference.Var[0] + 1e-8), first[1], 5);

        // Environment 0's episode ended, so its return starts again; environment 1's goes on: 2·0.5 + 3.
        float[] second = [1f, 3f];
        normalizer.Rewards(second, [false, false]);
        reference.Update([1f, 4f], 2);
        Assert.Equal(1 / Math.Sqrt(reference.Var[0] + 1e-8), second[0], 5);
        Assert.Equal(3 / Math.Sqrt(reference.Var[0] + 1e-8), second[1], 5);
    }

    [Fact]
    public void ObservationsArePooledOverEnvironmentsAndClipped()
    {
        var normalizer = new VecNormalizer(2, 2, observations: true, rewards: false, 0.99, clip: 1.5f);
        normalizer.Observe([0f, 10f, 2f, 30f], 2);
        var x = normalizer.Observation([1f, 20f, 2f, 1000f]);
        // Pooled statistics: means (1, 20), variances (1, 100), with Gymnasium's initial count of 1e-4.
        Assert.Equal(0.0, x[0], 3);
        Assert.Equal(0.0, x[1], 3);
        Assert.Equal(1.0, x[2], 3);
        Assert.Equal(1.5f, x[3]);
    }

    [Fact]
    public void OffMeansIdentity()
    {
        var normalizer = new VecNormalizer(1, 3, observations: false, rewards: false, 0.99);
        float[] r = [5f];
        normalizer.Rewards(r, [false]);
        Assert.Equal(5f, r[0]);
        Assert.Equal([1f, -2f, 3f], normalizer.Observation([1f, -2f, 3f]));
    }
}
