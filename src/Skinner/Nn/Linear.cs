using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// A fully connected layer, <c>y = x·Wᵀ + b</c>, with weight <c>[out, in]</c> and bias <c>[out]</c>, initialised
/// as PyTorch's <c>nn.Linear</c>: both U(-1/√in, 1/√in) (<see cref="Init.PyTorchDefault"/>).
/// </summary>
public sealed class Linear : Layer
{
    /// <summary>The weight <c>[OutFeatures, InFeatures]</c> (requires grad).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias <c>[OutFeatures]</c>, or null for a layer without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Input size.</summary>
    public int InFeatures { get; }

    /// <summary>Output size.</summary>
    public int OutFeatures { get; }

    /// <summary>Creates the layer, drawing its initial values from <paramref name="rng"/>.</summary>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear({inFeatures}, {outFeatures}): sizes must be positive.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = Tensor.Zeros(outFeatures, inFeatures).RequireGrad();
        Bias = bias ? Tensor.Zeros(outFeatures).RequireGrad() : null;
        Init.PyTorchDefault(Weight, Bias, rng);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);

    /// <summary><c>relu(Forward(input))</c> in one op (see <see cref="Tensor.LinearRelu"/>); <see cref="Sequential"/> uses it for a Linear followed by a ReLU.</summary>
    public Tensor ForwardRelu(Tensor input) => Tensor.LinearRelu(input, Weight, Bias);

    /// <summary><c>tanh(Forward(input))</c> in one op (see <see cref="Tensor.LinearTanh"/>); <see cref="Sequential"/> uses it for a Linear followed by a Tanh.</summary>
    public Tensor ForwardTanh(Tensor input) => Tensor.LinearTanh(input, Weight, Bias);

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        yield return ("weight", Weight);
        if (Bias is not null) yield return ("bias", Bias);
    }

    /// <inheritdoc />
    public override string ToString() => $"Linear({InFeatures}, {OutFeatures}, bias: {Bias is not null})";
}
