using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// A 2-D convolution layer over <c>[N, C, H, W]</c> inputs (<see cref="Tensor.Conv2d"/>): weight
/// <c>[out, in, k, k]</c>, bias <c>[out]</c>, one stride and one zero padding for both axes. Initialised as
/// PyTorch's <c>nn.Conv2d</c>: weight and bias U(-1/√fan_in, 1/√fan_in) with fan_in = in·k·k
/// (<see cref="Init.PyTorchDefault"/>).
/// </summary>
public sealed class Conv2d : Layer
{
    /// <summary>The weight <c>[OutChannels, InChannels, KernelSize, KernelSize]</c> (requires grad).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias <c>[OutChannels]</c>, or null for a layer without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between kernel positions, on both axes.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each of the four sides.</summary>
    public int Padding { get; }

    /// <summary>Creates the layer, drawing its initial values from <paramref name="rng"/>.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), $"Conv2d({inChannels}, {outChannels}, kernel {kernelSize}): channels and kernel size must be positive.");
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Conv2d: the stride must be at least 1.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Conv2d: the padding must not be negative.");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Weight = Tensor.Zeros(outChannels, inChannels, kernelSize, kernelSize).RequireGrad();
        Bias = bias ? Tensor.Zeros(outChannels).RequireGrad() : null;
        Init.PyTorchDefault(Weight, Bias, rng);
    }

    /// <summary>The output height or width for an input of <paramref name="size"/> along that axis.</summary>
    public int OutputSize(int size) => (size + 2 * Padding - KernelSize) / Stride + 1;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Tensor.Conv2d(input, Weight, Bias, Stride, Padding);

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        yield return ("weight", Weight);
        if (Bias is not null) yield return ("bias", Bias);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Conv2d({InChannels}, {OutChannels}, kernel: {KernelSize}, stride: {Stride}, padding: {Padding}, bias: {Bias is not null})";
}
