using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>max(x, 0) as a layer.</summary>
public sealed class ReLU : Layer
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Relu();

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [];
}

/// <summary>tanh x as a layer.</summary>
public sealed class Tanh : Layer
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Tanh();

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [];
}

/// <summary>1/(1 + e^-x) as a layer.</summary>
public sealed class Sigmoid : Layer
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Sigmoid();

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [];
}
