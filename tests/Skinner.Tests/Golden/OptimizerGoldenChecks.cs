using System.Runtime.CompilerServices;
using System.Text.Json;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Golden checks for the optimizers and gradient clipping (optimizers.json): each case replays its gradients
/// through our optimizer and compares the parameter after every step and the final state with PyTorch's.
/// </summary>
internal static class OptimizerGoldenChecks
{
    [ModuleInitializer]
    internal static void Register()
    {
        NnGoldenOps.Register("sgd", e => CheckOptimizer(new GoldenCase(e), c => p => new Sgd(p, new SgdOptions
        {
            LearningRate = Attr(c, "lr"),
            Momentum = Attr(c, "momentum"),
            Dampening = Attr(c, "dampening"),
            WeightDecay = Attr(c, "weight_decay"),
            Nesterov = c.AttrBool("nesterov"),
        })));
        NnGoldenOps.Register("adam", e => CheckOptimizer(new GoldenCase(e), c => p => new Adam(p, new AdamOptions
        {
            LearningRate = Attr(c, "lr"),
            Beta1 = Attr(c, "beta1"),
            Beta2 = Attr(c, "beta2"),
            Eps = Attr(c, "eps"),
            WeightDecay = Attr(c, "weight_decay"),
            AmsGrad = c.AttrBool("amsgrad"),
        })));
        NnGoldenOps.Register("rmsprop", e => CheckOptimizer(new GoldenCase(e), c => p => new RmsProp(p, new RmsPropOptions
        {
            LearningRate = Attr(c, "lr"),
            Alpha = Attr(c, "alpha"),
            Eps = Attr(c, "eps"),
            WeightDecay = Attr(c, "weight_decay"),
            Momentum = Attr(c, "momentum"),
            Centered = c.AttrBool("centered"),
        })));
        NnGoldenOps.Register("clip_grad_norm", e => CheckClipNorm(new GoldenCase(e)));
        NnGoldenOps.Register("clip_grad_value", e => CheckClipValue(new GoldenCase(e)));
    }

    private static void CheckOptimizer(GoldenCase c, Func<GoldenCase, Func<IEnumerable<Tensor>, Optimizer>> factory)
    {
        var (data, shape) = c.Param("param");
        var param = new Tensor(data, shape);
        var optimizer = factory(c)([param]);
        int steps = 0;
        for (int t = 1; c.HasInput($"grad_{t}"); t++)
        {
            var (g, gShape) = c.Input($"grad_{t}");
            param.Grad = new Tensor(g, gShape);
            optimizer.Step();
            steps = t;
            if (c.Element.GetProperty("outputs").TryGetProperty($"param_{t}", out _)) c.CheckOutput($"param_{t}", param.Data, param.Shape);
        }
        Assert.True(steps > 0, $"{c.Name}: no grad_1 input");
        Assert.Equal(steps, optimizer.StepCount(0));
        var state = optimizer.ExportState();
        var expected = c.Element.GetProperty("outputs").EnumerateObject()
            .Select(o => o.Name).Where(n => n.StartsWith("state_", StringComparison.Ordinal)).ToList();
        // The set of buffers must be PyTorch's too (e.g. no momentum buffer for plain SGD).
        Assert.Equal(expected.Select(n => "0." + n["state_".Length..]).Order(StringComparer.Ordinal), state.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach (string name in expected)
        {
            var got = state.Tensors["0." + name["state_".Length..]];
            c.CheckOutput(name, got.Data, got.Shape);
        }
    }

    private static List<Tensor> GradParams(GoldenCase c)
    {
        var list = new List<Tensor>();
        for (int i = 0; c.HasInput($"grad_{i}"); i++)
        {
            var (data, shape) = c.Input($"grad_{i}");
            list.Add(new Tensor(new float[data.Length], shape) { Grad = new Tensor(data, (int[])shape.Clone()) });
        }
        Assert.True(list.Count > 0, $"{c.Name}: no grad_0 input");
        return list;
    }

    private static void CheckClipNorm(GoldenCase c)
    {
        var ps = GradParams(c);
        var normAttr = c.Attrs.GetProperty("norm_type");
        double normType = normAttr.ValueKind == JsonValueKind.String
            ? (normAttr.GetString() == "inf" ? double.PositiveInfinity : throw new InvalidDataException($"{c.Name}: unknown norm_type '{normAttr.GetString()}'"))
            : normAttr.GetDouble();
        double total = GradClip.ClipGradNorm(ps, Attr(c, "max_norm"), normType);
        c.CheckOutput("total_norm", [(float)total], []);
        for (int i = 0; i < ps.Count; i++) c.CheckOutput($"grad_{i}", ps[i].Grad!.Data, ps[i].Shape);
    }

    private static void CheckClipValue(GoldenCase c)
    {
        var ps = GradParams(c);
        GradClip.ClipGradValue(ps, Attr(c, "clip_value"));
        // Exact, as the README requires.
        for (int i = 0; i < ps.Count; i++) c.CheckOutput($"grad_{i}", ps[i].Grad!.Data, ps[i].Shape, exact: true);
    }

    private static double Attr(GoldenCase c, string name) =>
        c.AttrDouble(name) ?? throw new InvalidDataException($"{c.Name}: attrs.{name} is missing");
}
