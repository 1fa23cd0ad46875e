using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class OptimizerTests
{
    private static Tensor Param(params float[] v) => new((float[])v.Clone(), v.Length);

    private static float[] Ramp(int n, float scale, float offset)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = offset + scale * MathF.Sin(1.7f * i + 0.3f);
        return v;
    }

    public static TheoryData<string> Kinds() => ["sgd", "adam", "rmsprop"];

    private static Optimizer Create(string kind, IEnumerable<Tensor> ps) => kind switch
    {
        "sgd" => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01 }),
        "adam" => new Adam(ps, new AdamOptions { LearningRate = 0.1, WeightDecay = 0.01, AmsGrad = true }),
        _ => new RmsProp(ps, new RmsPropOptions { Centered = true, Momentum = 0.5, WeightDecay = 0.01 }),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryElementGetsTheSameUpdateWhateverItsPositionInAVector(string kind)
    {
        // Lengths 0..70 hit the full-vector path and every tail; the result must equal one element at a time.
        for (int n = 0; n <= 70; n++)
        {
            var whole = new Tensor(Ramp(n, 1f, 0.2f), n);
            var single = Enumerable.Range(0, n).Select(i => Param(whole.Data[i])).ToList();
            var a = Create(kind, [whole]);
            var b = n == 0 ? null : Create(kind, single);
            for (int step = 0; step < 3; step++)
            {
                var g = Ramp(n, 2f / (step + 1), -0.1f * step);
                whole.Grad = new Tensor(g, n);
                for (int i = 0; i < n; i++) single[i].Grad = Param(g[i]);
                a.Step();
                b?.Step();
            }
            for (int i = 0; i < n; i++) Assert.Equal(single[i].Data[0], whole.Data[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ParametersWithoutGradientsAreSkipped(string kind)
    {
        var a = Param(1f, 2f);
        var b = Param(3f);
        var opt = Create(kind, [a, b]);
        a.Grad = Param(0.5f, 0.5f);
        opt.Step();
        Assert.Equal([3f], b.Data);
        Assert.Equal(0, opt.StepCount(1));
        Assert.DoesNotContain(opt.ExportState().Tensors.Keys, k => k.StartsWith("1.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ExportedStateResumesExactly(string kind)
    {
        var p = new Tensor(Ramp(37, 1f, 0f), 37);
        var q = new Tensor((float[])p.Data.Clone(), 37);
        var first = Create(kind, [p]);
        for (int t = 0; t < 3; t++)
        {
            p.Grad = new Tensor(Ramp(37, 1f, t), 37);
            first.Step();
        }
        p.Data.CopyTo(q.Data, 0);
        var second = Create(kind, [q]);
        second.LearningRate = 123; // replaced by the saved learning rate
        second.ImportState(first.ExportState());
        Assert.Equal(first.LearningRate, second.LearningRate);
        for (int t = 3; t < 6; t++)
        {
            p.Grad = new Tensor(Ramp(37, 1f, t), 37);
            q.Grad = new Tensor(Ramp(37, 1f, t), 37);
            first.Step();
            second.Step();
        }
        Assert.Equal(p.Data, q.Data);
        Assert.Equal(first.StepCount(0), second.StepCount(0));
    }

    [Fact]
    public void ExportedStateIsACopy()
    {
        var p = Param(1f);
        var adam = new Adam([p]);
        p.Grad = Param(1f);
        adam.Step();
        var state = adam.ExportState();
        float before = state.Tensors["0.exp_avg"].Data[0];
        adam.Step();
        Assert.Equal(before, state.Tensors["0.exp_avg"].Data[0]);
    }

    [Fact]
    public void ImportRejectsWrongShapesAndCountsWithoutChangingAnything()
    {
        var p = Param(1f, 2f);
        var adam = new Adam([p]);
        p.Grad = Param(1f, 1f);
        adam.Step();
        var good = adam.ExportState();
        var target = new Adam([Param(0f, 0f)]);
        var wrongShape = good with { Tensors = new Dictionary<string, Tensor>(good.Tensors) { ["0.exp_avg"] = Param(1f, 2f, 3f) } };
        Assert.Contains("shape", Assert.Throws<InvalidDataException>(() => target.ImportState(wrongShape)).Message, StringComparison.Ordinal);
        var wrongCount = good with { Steps = [1, 1] };
        Assert.Contains("2 parameters", Assert.Throws<InvalidDataException>(() => target.ImportState(wrongCount)).Message, StringComparison.Ordinal);
        var unknown = good with { Tensors = new Dictionary<string, Tensor>(good.Tensors) { ["0.velocity"] = Param(1f, 2f) } };
        Assert.Contains("0.velocity", Assert.Throws<InvalidDataException>(() => target.ImportState(unknown)).Message, StringComparison.Ordinal);
        Assert.Equal(0, target.StepCount(0));
        Assert.Empty(target.ExportState().Tensors);
    }

    [Fact]
    public void ZeroGradSetsGradientsToNullOrZeros()
    {
        var p = Param(1f, 2f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1 });
        var g = Param(3f, 4f);
        p.Grad = g;
        sgd.ZeroGrad(setToNone: false);
        Assert.Same(g, p.Grad);
        Assert.Equal([0f, 0f], g.Data);
        sgd.ZeroGrad();
        Assert.Null(p.Grad);
    }

    [Fact]
    public void LearningRateCanChangeBetweenSteps()
    {
        var p = Param(0f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 1 });
        p.Grad = Param(1f);
        sgd.Step();
        sgd.LearningRate = 0.5;
        sgd.Step();
        Assert.Equal(-1.5f, p.Data[0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -1);
        Assert.Equal("LearningRate", e.ParamName);
    }

    [Fact]
    public void GradientOfTheWrongShapeFailsBeforeAnyUpdate()
    {
        var a = Param(1f);
        var b = Param(1f, 2f);
        var sgd = new Sgd([a, b], new SgdOptions { LearningRate = 1 });
        a.Grad = Param(1f);
        b.Grad = Param(1f, 2f, 3f);
        var e = Assert.Throws<InvalidOperationException>(sgd.Step);
        Assert.Contains("Parameter 1", e.Message, StringComparison.Ordinal);
        Assert.Equal([1f], a.Data);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SteppingWithGivenGradientsEqualsSteppingWithTheParametersOwn(string kind)
    {
        // Two identical parameter sets: one steps from its Grad fields, the other from a list (A3C's workers),
        // whose parameters' own gradients must stay untouched; a null entry skips its parameter.
        var own = new[] { Param(Ramp(5, 1f, 0.1f)), Param(Ramp(3, 0.5f, -0.2f)), Param(2f) };
        var given = own.Select(p => Param(p.Data)).ToArray();
        var a = Create(kind, own);
        var b = Create(kind, given);
        var marker = Param(9f);
        given[0].Grad = marker;
        for (int step = 0; step < 4; step++)
        {
            var grads = new[] { Param(Ramp(5, 1f / (step + 1), 0.3f)), Param(Ramp(3, -2f, 0.1f * step)), null };
            for (int i = 0; i < own.Length; i++) own[i].Grad = grads[i];
            a.Step();
            b.Step(grads);
        }
        for (int i = 0; i < own.Length; i++) Assert.Equal(own[i].Data, given[i].Data);
        Assert.Equal([2f], given[2].Data);
        Assert.Equal(0, b.StepCount(2));
        Assert.Same(marker, given[0].Grad);
        Assert.Null(given[1].Grad);
    }

    [Fact]
    public void GivenGradientsOfTheWrongCountOrShapeFailBeforeAnyUpdate()
    {
        var a = Param(1f);
        var b = Param(1f, 2f);
        var sgd = new Sgd([a, b], new SgdOptions { LearningRate = 1 });
        var count = Assert.Throws<ArgumentException>(() => sgd.Step([Param(1f)]));
        Assert.Contains("2 parameters but got 1 gradients", count.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<InvalidOperationException>(() => sgd.Step([Param(1f), Param(1f, 2f, 3f)]));
        Assert.Contains("Parameter 1", shape.Message, StringComparison.Ordinal);
        Assert.Equal([1f], a.Data);
        Assert.Equal(0, sgd.StepCount(0));
    }

    [Fact]
    public void RejectsEmptyAndDuplicateParameterLists()
    {
        Assert.Throws<ArgumentException>(() => new Adam([]));
        var p = Param(1f);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new Adam([p, p])).Message, StringComparison.Ordinal);
    }
}
