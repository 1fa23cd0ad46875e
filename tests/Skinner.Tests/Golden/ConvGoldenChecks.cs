using System.Runtime.CompilerServices;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Registers the <c>conv2d</c> golden check: forward output and the gradients of x, weight and bias.</summary>
internal static class ConvGoldenChecks
{
    [ModuleInitializer]
    internal static void Register() => NnGoldenOps.Register("conv2d", e =>
    {
        var run = new GoldenRun(e);
        var c = run.Case;
        if ((c.AttrInt("dilation") ?? 1) != 1 || (c.AttrInt("groups") ?? 1) != 1)
            throw new InvalidDataException($"{c.Name}: conv2d with dilation or groups other than 1 is not supported.");
        var bias = c.AttrBool("bias") ? run["bias"] : null;
        var output = Tensor.Conv2d(run["x"], run["weight"], bias, c.AttrInt("stride")!.Value, c.AttrInt("padding")!.Value);
        int k = c.AttrInt("kernel_size")!.Value;
        Assert.Equal([c.AttrInt("out_channels")!.Value, c.AttrInt("in_channels")!.Value, k, k], run["weight"].Shape);
        run.Check(output);
    });
}
