using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Backward semantics: accumulation, no-grad scopes (per thread), detach, shared subgraphs, errors.</summary>
public class AutogradTests
{
    private static Tensor Leaf(params float[] v) => new Tensor(v, v.Length) { RequiresGrad = true };

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Leaf(1f, 2f);
        (x * 3f).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal([6f, 6f], x.Grad!.Data);
        x.ZeroGrad();
        Assert.Equal([0f, 0f], x.Grad!.Data);
    }

    [Fact]
    public void ASharedSubgraphIsNotCountedTwiceByASecondBackward()
    {
        var x = Leaf(2f);
        var h = x * x; // shared by two losses, as an actor and a critic sharing a trunk
        (h * 1f).Sum().Backward();
        (h * 2f).Sum().Backward();
        Assert.Equal(4f * 1 + 4f * 2, x.Grad!.Data[0]);
    }

    [Fact]
    public void DiamondGraphSumsBothPaths()
    {
        var x = Leaf(1.5f);
        var a = x.Exp();
        var y = a * a.Tanh() + a;
        y.Sum().Backward();
        double e = Math.Exp(1.5), t = Math.Tanh(e);
        double expected = (t + e * (1 - t * t) + 1) * e;
        Assert.Equal(expected, x.Grad!.Data[0], 4);
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var x = Leaf(1f, 2f);
        Tensor y;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            y = (x * 2f).Relu();
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
    }

    [Fact]
    public void NoGradScopesNest()
    {
        using (Autograd.NoGrad())
        {
            using (Autograd.NoGrad()) Assert.False(Autograd.IsGradEnabled);
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void NoGradIsPerThread()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (Autograd.NoGrad())
            {
                entered.Set();
                release.Wait();
            }
        });
        other.Start();
        entered.Wait();
        try
        {
            Assert.True(Autograd.IsGradEnabled);
            var x = Leaf(3f);
            (x * x).Sum().Backward();
            Assert.Equal(6f, x.Grad!.Data[0]);
        }
        finally
        {
            release.Set();
            other.Join();
        }
    }

    [Fact]
    public void WorkersTrainSideBySide()
    {
        // Each thread builds and differentiates its own graph; results equal a sequential run.
        var results = new float[4];
        var threads = Enumerable.Range(0, 4).Select(k => new Thread(() =>
        {
            var x = Leaf(k + 1f);
            for (int i = 0; i < 200; i++)
            {
                using (Autograd.NoGrad()) _ = (x * 2f).Exp();
                (x * x * x).Sum().Backward();
            }
            results[k] = x.Grad!.Data[0];
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        for (int k = 0; k < 4; k++) Assert.Equal(200f * 3 * (k + 1) * (k + 1), results[k]);
    }

    [Fact]
    public void DetachStopsGradientsAndSharesData()
    {
        var x = Leaf(2f);
        var d = (x * 3f).Detach();
        Assert.False(d.RequiresGrad);
        var y = x * d;
        y.Sum().Backward();
        Assert.Equal(6f, x.Grad!.Data[0]);
        var leaf = x.Detach();
        leaf.Data[0] = 5f;
        Assert.Equal(5f, x.Data[0]);
    }

    [Fact]
    public void BackwardNeedsAScalarOrAGradient()
    {
        var x = Leaf(1f, 2f);
        var y = x * 2f;
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[2]", e.Message, StringComparison.Ordinal);
        y.Backward(new Tensor([1f, -1f], 2));
        Assert.Equal([2f, -2f], x.Grad!.Data);
        Assert.Throws<ArgumentException>(() => (x * 2f).Backward(Tensor.Zeros(3)));
    }

    [Fact]
    public void OnlyLeavesKeepGradients()
    {
        var x = Leaf(1f);
        var h = x * 2f;
        h.Sum().Backward();
        Assert.Null(h.Grad);
        Assert.False(h.IsLeaf);
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void InputsThatDoNotRequireGradGetNone()
    {
        var x = Leaf(1f, 2f);
        var c = new Tensor([3f, 4f], 2);
        (x * c).Sum().Backward();
        Assert.Null(c.Grad);
        Assert.Equal([3f, 4f], x.Grad!.Data);
    }

    [Fact]
    public void RecycledIntermediateGradientsGiveTheSameGradientsAndAllocateLess()
    {
        // A 2-layer MLP large enough that its intermediate gradients (64×512 floats) are recycled.
        var rng = new Rng(3);
        var w1 = Tensor.Uniform(rng, -0.1f, 0.1f, 512, 32).RequireGrad();
        var w2 = Tensor.Uniform(rng, -0.1f, 0.1f, 1, 512).RequireGrad();
        var x = Tensor.Uniform(rng, -1f, 1f, 64, 32);
        float[][] Step()
        {
            w1.Grad = null;
            w2.Grad = null;
            Tensor.Linear(Tensor.Linear(x, w1).Relu().Tanh(), w2).Square().Mean().Backward();
            return [(float[])w1.Grad!.Data.Clone(), (float[])w2.Grad!.Data.Clone()];
        }
        var first = Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var second = Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(first[0], second[0]);
        Assert.Equal(first[1], second[1]);
        // Forward: three 64×512 outputs; leaf gradients and their clones: 2 × 512×32. Without recycling the
        // backward pass would add three more 64×512 buffers (about 390 KB).
        long forwardAndLeaves = 4L * (3 * 64 * 512 + 4 * 512 * 32 + 4 * 512);
        Assert.True(allocated < forwardAndLeaves + 100_000, $"allocated {allocated} bytes; expected under {forwardAndLeaves + 100_000}");
    }
}
