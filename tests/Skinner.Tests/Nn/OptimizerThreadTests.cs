using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

/// <summary>
/// A step with enough numbers updates them in two halves, the second on a helper thread (the first step, which
/// creates the rules' state, runs whole); the parameters, states and step counts must come out as from one thread. Gemm.MaxThreads is process-wide, so these run apart.
/// </summary>
[Collection(nameof(GemmSettingsCollection))]
public sealed class OptimizerThreadTests : IDisposable
{
    private static readonly int[] s_sizes = [3000, 10, 2500, 7, 1200];
    private readonly int _maxThreads = Gemm.MaxThreads;

    public void Dispose() => Gemm.MaxThreads = _maxThreads;

    public static TheoryData<string, bool> Cases() => new()
    {
        { "sgd", false }, { "adam", false }, { "rmsprop", false }, { "adam", true },
    };

    private static Optimizer Create(string kind, IEnumerable<Tensor> ps) => kind switch
    {
        "sgd" => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01 }),
        "adam" => new Adam(ps, new AdamOptions { LearningRate = 0.1, WeightDecay = 0.01, AmsGrad = true }),
        _ => new RmsProp(ps, new RmsPropOptions { Centered = true, Momentum = 0.5, WeightDecay = 0.01 }),
    };

    private static float[] Values(int n, int seed)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = MathF.Sin((0.37f * i) + seed);
        return v;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwoHalvesOnTwoThreadsEqualEachParameterAlone(string kind, bool explicitGradients)
    {
        // The reference steps each parameter with an optimizer of its own, too small to be split.
        (float[] Parameters, long[] Steps) Run(int threads, bool alone)
        {
            Gemm.MaxThreads = threads;
            var ps = s_sizes.Select((n, i) => new Tensor(Values(n, i), n).RequireGrad()).ToArray();
            var optimizers = alone ? ps.Select(p => Create(kind, [p])).ToArray() : [Create(kind, ps)];
            Tensor?[] grads = [];
            for (int step = 0; step < 5; step++)
            {
                // Parameter 1 has no gradient every other step: it is skipped and its step count stays.
                grads = ps.Select((p, i) => i == 1 && step % 2 == 1 ? null : new Tensor(Values(p.Numel, (10 * step) + i), p.Numel)).ToArray();
                for (int k = 0; k < optimizers.Length; k++)
                {
                    var part = alone ? grads[k..(k + 1)] : grads;
                    if (explicitGradients) optimizers[k].Step(part);
                    else
                    {
                        for (int i = 0; i < ps.Length; i++) ps[i].Grad = grads[i];
                        optimizers[k].Step();
                    }
                }
            }
            if (!alone)
            {
                // The step is large enough to be split, and the cut falls inside a parameter (at 3,346 of 6,717 numbers).
                Assert.Equal(3346, optimizers[0].SplitAt(explicitGradients ? grads : null));
            }
            long[] counts = alone ? [.. optimizers.Select(o => o.StepCount(0))] : [.. Enumerable.Range(0, ps.Length).Select(optimizers[0].StepCount)];
            return ([.. ps.SelectMany(p => p.Data)], counts);
        }

        var reference = Run(1, alone: true);
        Assert.Equal([5L, 3L, 5L, 5L, 5L], reference.Steps);
        foreach (int threads in new[] { 1, 2 })
        {
            var split = Run(threads, alone: false);
            Assert.Equal(reference.Parameters, split.Parameters);
            Assert.Equal(reference.Steps, split.Steps);
        }
    }

    [Fact]
    public void SmallStepsAreNotSplit()
    {
        var ps = new[] { new Tensor(Values(100, 1), 100), new Tensor(Values(50, 2), 50) };
        var optimizer = new Adam(ps);
        foreach (var p in ps) p.Grad = new Tensor(Values(p.Numel, 3), p.Numel);
        Assert.Equal(0, optimizer.SplitAt(null));
    }
}
