using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

/// <summary>A module over given named tensors, for tests of code that only needs names and shapes.</summary>
internal sealed class TensorListModule(IReadOnlyList<(string Name, Tensor Tensor)> parameters, IReadOnlyList<(string Name, Tensor Tensor)>? buffers = null) : Module
{
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => parameters;

    public override IEnumerable<(string Name, Tensor Tensor)> NamedBuffers() => buffers ?? [];

    /// <summary>A two-layer-shaped module (w [3, 2], b [3], running_mean [3]) filled from <paramref name="seed"/>.</summary>
    public static TensorListModule Small(int seed)
    {
        var rng = new Random(seed);
        Tensor Fill(params int[] shape)
        {
            var t = Tensor.Zeros(shape);
            for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)(rng.NextDouble() * 2 - 1);
            return t;
        }
        return new TensorListModule([("layer.weight", Fill(3, 2)), ("layer.bias", Fill(3))], [("norm.running_mean", Fill(3))]);
    }

    /// <summary>A copy of every tensor's data, to check that something did or did not change.</summary>
    public float[][] Snapshot() => [.. StateDict().Select(p => (float[])p.Tensor.Data.Clone())];
}
