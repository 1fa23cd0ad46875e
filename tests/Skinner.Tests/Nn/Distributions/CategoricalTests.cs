using Skinner.Nn.Distributions;
using Skinner.Tensors;

namespace Skinner.Tests;

public class CategoricalTests
{
    [Fact]
    public void LogProbAndEntropyMatchTheirDefinitions()
    {
        var logits = FiniteDifference.Uniform(1, -3, 3, 4, 5);
        var d = new Categorical(logits);
        var actions = new IntTensor([0, 4, 2, 2], 4);
        var lp = d.LogProb(actions);
        var h = d.Entropy();
        Assert.Equal([4], lp.Shape);
        Assert.Equal([4], h.Shape);
        for (int r = 0; r < 4; r++)
        {
            var row = logits.Data.AsSpan(r * 5, 5).ToArray().Select(v => (double)v).ToArray();
            double lse = Math.Log(row.Sum(Math.Exp));
            Assert.Equal(row[actions.Data[r]] - lse, lp.Data[r], 1e-5);
            Assert.Equal(-row.Sum(v => Math.Exp(v - lse) * (v - lse)), h.Data[r], 1e-5);
            Assert.Equal(1.0, Enumerable.Range(0, 5).Sum(j => (double)d.Probs.Data[r * 5 + j]), 1e-6);
        }
    }

    [Fact]
    public void LogProbGradientMatchesFiniteDifferences()
    {
        var logits = FiniteDifference.Uniform(2, -2, 2, 3, 4);
        var actions = new IntTensor([3, 0, 1], 3);
        FiniteDifference.Check(t => new Categorical(t[0]).LogProb(actions), [logits]);
    }

    [Fact]
    public void EntropyGradientMatchesFiniteDifferences()
    {
        var logits = FiniteDifference.Uniform(3, -2, 2, 3, 6);
        FiniteDifference.Check(t => new Categorical(t[0]).Entropy(), [logits]);
    }

    [Fact]
    public void SampleFrequenciesMatchTheProbabilities()
    {
        float[] p = [0.1f, 0.2f, 0.3f, 0.4f];
        var logits = Tensor.From(p.Select(v => MathF.Log(v)).ToArray(), 1, 4);
        var d = new Categorical(logits);
        var rng = new Rng(42);
        var counts = new int[4];
        const int draws = 20000;
        for (int i = 0; i < draws; i++) counts[d.Sample(rng).Data[0]]++;
        for (int j = 0; j < 4; j++)
        {
            double sd = Math.Sqrt(p[j] * (1 - p[j]) / draws);
            Assert.InRange(counts[j] / (double)draws, p[j] - 5 * sd, p[j] + 5 * sd);
        }
        var again = new Rng(42);
        Assert.Equal(new Categorical(logits).Sample(again).Data, new Categorical(logits).Sample(new Rng(42)).Data);
    }

    [Fact]
    public void SamplesHaveTheBatchShapeAndNeverPickAnImpossibleCategory()
    {
        var logits = Tensor.From([0f, -200f, 0f, -200f, 5f, -200f], 2, 3);
        var d = new Categorical(logits);
        var rng = new Rng(7);
        for (int i = 0; i < 200; i++)
        {
            var s = d.Sample(rng);
            Assert.Equal([2], s.Shape);
            Assert.NotEqual(1, s.Data[0]);
            Assert.Equal(1, s.Data[1]);
        }
        Assert.Equal([0, 1], d.Mode().Data);
    }

    [Fact]
    public void MaskedCategoriesHaveZeroProbabilityAndAFiniteEntropy()
    {
        var logits = Tensor.From([0f, float.NegativeInfinity, 0f], 1, 3).RequireGrad();
        var d = new Categorical(logits);
        Assert.Equal(0f, d.Probs.Data[1]);
        var h = d.Entropy();
        Assert.Equal(Math.Log(2), h.Data[0], 1e-6);
        h.Sum().Backward();
        Assert.All(logits.Grad!.Data, g => Assert.True(float.IsFinite(g)));
        var rng = new Rng(1);
        for (int i = 0; i < 100; i++) Assert.NotEqual(1, d.Sample(rng).Data[0]);
    }

    [Fact]
    public void BadActionsAreRejected()
    {
        var d = new Categorical(Tensor.Zeros(2, 3));
        Assert.Throws<ArgumentException>(() => d.LogProb(new IntTensor([0, 1, 2], 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.LogProb(new IntTensor([0, 3], 2)));
        Assert.Throws<ArgumentException>(() => new Categorical(Tensor.Scalar(1f)));
    }
}
