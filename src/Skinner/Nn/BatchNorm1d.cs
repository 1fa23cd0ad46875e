using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>Batch normalisation of <c>[N, C]</c> or <c>[N, C, L]</c> inputs, as PyTorch's <c>nn.BatchNorm1d</c>.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer (PyTorch's defaults: eps 1e-5, momentum 0.1, affine).</summary>
    public BatchNorm1d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true)
        : base(numFeatures, eps, momentum, affine)
    {
    }

    /// <inheritdoc />
    protected override void CheckRank(Tensor input)
    {
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"BatchNorm1d needs an input [N, C] or [N, C, L]; got [{string.Join(", ", input.Shape)}].", nameof(input));
    }
}
