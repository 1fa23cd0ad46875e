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
        NnGoldenOps.Register("sgd", c => CheckOptimizer(c, p => new Sgd(p, new SgdOptions
        {
            LearningRate = Attr(c, "lr"),
            Momentum = Attr(c, "momentum"),
            Dampening = Attr(c, "dampening"),
            WeightDecay = Attr(c, "weight_decay"),
            Nesterov = Bool(c, "nesterov"),
        })));
        NnGoldenOps.Register("adam", c => CheckOptimizer(c, p => new Adam(p, new AdamOptions
        {
            LearningRate = Attr(c, "lr"),
            Beta1 = Attr(c, "beta1"),
            Beta2 = Attr(c, "beta2"),
            Eps = Attr(c, "eps"),
            WeightDecay = Attr(c, "weight_decay"),
            AmsGrad = Bool(c, "amsgrad"),
        })));
        NnGoldenOps.Register("rmsprop", c => CheckOptimizer(c, p => new RmsProp(p, new RmsPropOptions
        {
            LearningRate = Attr(c, "lr"),
            Alpha = Attr(c, "alpha"),
            Eps = Attr(c, "eps"),
            WeightDecay = Attr(c, "weight_decay"),
            Momentum = Attr(c, "momentum"),
            Centered = Bool(c, "centered"),
        })));
        NnGoldenOps.Register("clip_grad_norm", CheckClipNorm);
        NnGoldenOps.Register("clip_grad_value", CheckClipValue);
    }

    private static void CheckOptimizer(JsonElement c, Func<IEnumerable<Tensor>, Optimizer> create)
    {
        var (data, shape) = GoldenTensors.Read(c.GetProperty("params").GetProperty("param"));
        var param = new Tensor(data, shape);
        var optimizer = create([param]);
        var inputs = c.GetProperty("inputs");
        var outputs = c.GetProperty("outputs");
        int steps = 0;
        for (int t = 1; inputs.TryGetProperty($"grad_{t}", out var grad); t++)
        {
            var (g, gShape) = GoldenTensors.Read(grad);
            param.Grad = new Tensor(g, gShape);
            optimizer.Step();
            steps = t;
            if (outputs.TryGetProperty($"param_{t}", out var expected))
                GoldenTensors.Close(c, $"param_{t}", expected, param.Data, param.Shape);
        }
        Assert.True(steps > 0, $"{Name(c)}: no grad_1 input");
        Assert.Equal(steps, optimizer.StepCount(0));
        var state = optimizer.ExportState();
        var expectedState = outputs.EnumerateObject().Where(o => o.Name.StartsWith("state_", StringComparison.Ordinal)).ToList();
        // The set of buffers must be PyTorch's too (e.g. no momentum buffer for plain SGD).
        Assert.Equal(expectedState.Select(o => "0." + o.Name["state_".Length..]).Order(StringComparer.Ordinal), state.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach (var o in expectedState)
        {
            var got = state.Tensors["0." + o.Name["state_".Length..]];
            GoldenTensors.Close(c, o.Name, o.Value, got.Data, got.Shape);
        }
    }

    private static List<Tensor> GradParams(JsonElement c)
    {
        var inputs = c.GetProperty("inputs");
        var list = new List<Tensor>();
        for (int i = 0; inputs.TryGetProperty($"grad_{i}", out var g); i++)
        {
            var (data, shape) = GoldenTensors.Read(g);
            list.Add(new Tensor(new float[data.Length], shape) { Grad = new Tensor(data, (int[])shape.Clone()) });
        }
        Assert.True(list.Count > 0, $"{Name(c)}: no grad_0 input");
        return list;
    }

    private static void CheckClipNorm(JsonElement c)
    {
        var ps = GradParams(c);
        var normAttr = c.GetProperty("attrs").GetProperty("norm_type");
        double normType = normAttr.ValueKind == JsonValueKind.String
            ? (normAttr.GetString() == "inf" ? double.PositiveInfinity : throw new InvalidDataException($"{Name(c)}: norm_type '{normAttr.GetString()}'"))
            : normAttr.GetDouble();
        double total = GradClip.ClipGradNorm(ps, Attr(c, "max_norm"), normType);
        var outputs = c.GetProperty("outputs");
        GoldenTensors.Close(c, "total_norm", outputs.GetProperty("total_norm"), [(float)total], []);
        for (int i = 0; i < ps.Count; i++)
            GoldenTensors.Close(c, $"grad_{i}", outputs.GetProperty($"grad_{i}"), ps[i].Grad!.Data, ps[i].Shape);
    }

    private static void CheckClipValue(JsonElement c)
    {
        var ps = GradParams(c);
        GradClip.ClipGradValue(ps, Attr(c, "clip_value"));
        var outputs = c.GetProperty("outputs");
        for (int i = 0; i < ps.Count; i++)
        {
            var (expected, shape) = GoldenTensors.Read(outputs.GetProperty($"grad_{i}"));
            Assert.Equal(shape, ps[i].Shape);
            Assert.Equal(expected, ps[i].Grad!.Data); // exact, as the README requires
        }
    }

    private static double Attr(JsonElement c, string name) => c.GetProperty("attrs").GetProperty(name).GetDouble();

    private static bool Bool(JsonElement c, string name) => c.GetProperty("attrs").GetProperty(name).GetBoolean();

    private static string Name(JsonElement c) => c.GetProperty("name").GetString() ?? "";
}
