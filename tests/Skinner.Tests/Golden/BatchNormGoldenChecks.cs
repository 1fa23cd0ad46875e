using System.Runtime.CompilerServices;
using System.Text.Json;
using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Registers the <c>batchnorm1d</c> and <c>batchnorm2d</c> golden checks. Each case runs through a real
/// <see cref="BatchNorm1d"/> / <see cref="BatchNorm2d"/> layer loaded with the case's parameters and running
/// statistics and put in the case's mode; the check compares the output, the running statistics after the
/// call (bit for bit in evaluation mode, where they must not move) and the gradients of x, weight and bias.
/// </summary>
internal static class BatchNormGoldenChecks
{
    [ModuleInitializer]
    internal static void Register()
    {
        NnGoldenOps.Register("batchnorm1d", e => Check(e, (n, eps, momentum, affine) => new BatchNorm1d(n, eps, momentum, affine)));
        NnGoldenOps.Register("batchnorm2d", e => Check(e, (n, eps, momentum, affine) => new BatchNorm2d(n, eps, momentum, affine)));
    }

    private static void Check(JsonElement e, Func<int, float, float, bool, BatchNorm> create)
    {
        var c = new GoldenCase(e);
        bool training = c.AttrBool("training"), affine = c.AttrBool("affine");
        var layer = create(c.AttrInt("num_features")!.Value, (float)c.AttrDouble("eps")!.Value, (float)c.AttrDouble("momentum")!.Value, affine);
        layer.Train(training);
        layer.RunningMean.CopyFrom(Leaf(c.Input("running_mean")));
        layer.RunningVar.CopyFrom(Leaf(c.Input("running_var")));
        if (affine)
        {
            layer.Weight!.CopyFrom(Leaf(c.Param("weight")));
            layer.Bias!.CopyFrom(Leaf(c.Param("bias")));
        }
        var x = Leaf(c.Input("x")).RequireGrad();

        var output = layer.Forward(x);

        c.CheckOutput("out", output.Data, output.Shape);
        c.CheckOutput("running_mean", layer.RunningMean.Data, layer.RunningMean.Shape, exact: !training);
        c.CheckOutput("running_var", layer.RunningVar.Data, layer.RunningVar.Shape, exact: !training);
        var (up, upShape) = c.Input("upstream");
        output.Backward(new Tensor(up, upShape));
        foreach (string name in c.GradNames())
        {
            var leaf = name switch
            {
                "x" => x,
                "weight" => layer.Weight ?? throw new InvalidDataException($"{c.Name}: a weight gradient without affine."),
                "bias" => layer.Bias ?? throw new InvalidDataException($"{c.Name}: a bias gradient without affine."),
                _ => throw new InvalidDataException($"{c.Name}: unexpected gradient '{name}'."),
            };
            c.CheckGrad(name, leaf.Grad?.Data, leaf.Shape);
        }
    }

    private static Tensor Leaf((float[] Data, int[] Shape) t) => new(t.Data, t.Shape);
}
