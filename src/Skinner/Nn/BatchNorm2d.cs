using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>Batch normalisation of <c>[N, C, H, W]</c> inputs, as PyTorch's <c>nn.BatchNorm2d</c>.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer (PyTorch's defaults: eps 1e-5, momentum 0.1, affine).</summary>
    public BatchNorm2d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true)
        : base(numFeatures, eps, momentum, affine)
    {
    }

    /// <inheritdoc />
    protected override void CheckRank(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"BatchNorm2d needs an input [N, C, H, W]; got [{string.Join(", ", input.Shape)}].", nameof(input));
    }
}
