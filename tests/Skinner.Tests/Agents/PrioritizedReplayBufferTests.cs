using Skinner.Agents.Common;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

public class PrioritizedReplayBufferTests
{
    [Fact]
    public void SamplesInProportionToPriority()
    {
        var buf = new PrioritizedReplayBuffer(4, 1, 1, 0.99, alpha: 1.0, epsilon: 1e-9);
        for (int t = 0; t < 4; t++) buf.Add([t], [0], 0, [t], false);
        buf.UpdatePriorities([0, 1, 2, 3], [1f, 2f, 3f, 4f]);
        Assert.Equal(10.0, buf.TotalPriority, 6);
        var counts = new int[4];
        var rng = new Rng(3);
        for (int k = 0; k < 2000; k++)
        {
            var batch = buf.Sample(10, rng);
            foreach (int i in batch.Indices) counts[i]++;
        }
        for (int i = 0; i < 4; i++) Assert.Equal((i + 1) / 10.0, counts[i] / 20000.0, 2);
    }

    [Fact]
    public void ImportanceWeightsFollowTheFormula()
    {
        var buf = new PrioritizedReplayBuffer(2, 1, 1, 0.99, alpha: 1.0, epsilon: 1e-9) { Beta = 0.5 };
        buf.Add([0], [0], 0, [0], false);
        buf.Add([1], [0], 0, [1], false);
        buf.UpdatePriorities([0, 1], [1f, 3f]);
        var batch = buf.Sample(50, new Rng(4));
        // P = [0.25, 0.75]; w_i = (N P_i)^-β / max w = (2 P_i)^-0.5 / (0.5)^-0.5
        for (int b = 0; b < batch.Size; b++)
        {
            double p = batch.Indices[b] == 0 ? 0.25 : 0.75;
            Assert.Equal(Math.Pow(2 * p, -0.5) / Math.Pow(0.5, -0.5), batch.Weights[b], 5);
        }
    }

    [Fact]
    public void NewTransitionsGetTheLargestPrioritySeen()
    {
        var buf = new PrioritizedReplayBuffer(4, 1, 1, 0.99, alpha: 1.0, epsilon: 1e-9);
        buf.Add([0], [0], 0, [0], false);
        buf.UpdatePriorities([0], [5f]);
        buf.Add([1], [0], 0, [1], false);
        Assert.Equal(10.0, buf.TotalPriority, 5);
    }

    [Fact]
    public void NonFiniteTdErrorsAreRejected()
    {
        var buf = new PrioritizedReplayBuffer(2, 1, 1, 0.99);
        buf.Add([0], [0], 0, [0], false);
        Assert.Throws<ArgumentException>(() => buf.UpdatePriorities([0], [float.NaN]));
    }
}

public class PrioritizedReplayBufferStateTests
{
    [Fact]
    public void SavedPrioritiesRestoreBitForBit()
    {
        var a = new PrioritizedReplayBuffer(8, 1, 1, 0.99);
        for (int t = 0; t < 6; t++) a.Add([t], [0], 0, [t], false);
        a.UpdatePriorities([0, 3, 5], [0.123456789f, 7.7f, 1e-3f]);
        var saved = a.StateArrays().Single(s => s.Name == "priorities").Data;
        var b = new PrioritizedReplayBuffer(8, 1, 1, 0.99);
        for (int t = 0; t < 6; t++) b.Add([t], [0], 0, [t], false);
        b.RestorePriorities(saved);
        Assert.Equal(a.TotalPriority, b.TotalPriority);
        Assert.Equal(a.Sample(16, new Rng(1)).Indices, b.Sample(16, new Rng(1)).Indices);
        Assert.Throws<ArgumentException>(() => b.RestorePriorities(new float[4]));
    }
}
