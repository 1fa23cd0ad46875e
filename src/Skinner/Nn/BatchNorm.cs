using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// Batch normalisation over the channels of dim 1 (<see cref="Tensor.BatchNorm"/>), shared by
/// <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>, which only fix the input rank. In training mode
/// (<see cref="Module.Training"/>) it normalises with the batch statistics and updates the running ones; in
/// evaluation mode it uses the running statistics. Initialised as PyTorch does: weight 1, bias 0, running mean 0,
/// running variance 1. The running statistics are buffers (<c>running_mean</c>, <c>running_var</c>), so
/// checkpoints save them.
/// </summary>
public abstract class BatchNorm : Layer
{
    /// <summary>The scale γ <c>[NumFeatures]</c> (requires grad), or null without <c>affine</c>.</summary>
    public Tensor? Weight { get; }

    /// <summary>The shift β <c>[NumFeatures]</c> (requires grad), or null without <c>affine</c>.</summary>
    public Tensor? Bias { get; }

    /// <summary>The running mean <c>[NumFeatures]</c>, updated in place in training mode.</summary>
    public Tensor RunningMean { get; }

    /// <summary>The running (unbiased) variance <c>[NumFeatures]</c>, updated in place in training mode.</summary>
    public Tensor RunningVar { get; }

    /// <summary>Number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>Weight of the new batch statistics in the running ones.</summary>
    public float Momentum { get; }

    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    protected BatchNorm(int numFeatures, float eps, float momentum, bool affine)
    {
        if (numFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, "BatchNorm: the number of features must be positive.");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "BatchNorm: eps must not be negative.");
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNorm: momentum must be in [0, 1].");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = affine ? Tensor.Ones(numFeatures).RequireGrad() : null;
        Bias = affine ? Tensor.Zeros(numFeatures).RequireGrad() : null;
        RunningMean = Tensor.Zeros(numFeatures);
        RunningVar = Tensor.Ones(numFeatures);
    }

    /// <summary>Checks the input's rank (and says which ranks the layer takes).</summary>
    protected abstract void CheckRank(Tensor input);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckRank(input);
        if (input.Shape[1] != NumFeatures)
            throw new ArgumentException($"{GetType().Name}({NumFeatures}) got an input with {input.Shape[1]} channels in dim 1 (shape [{string.Join(", ", input.Shape)}]).", nameof(input));
        return Tensor.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        if (Weight is not null) yield return ("weight", Weight);
        if (Bias is not null) yield return ("bias", Bias);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedBuffers()
    {
        yield return ("running_mean", RunningMean);
        yield return ("running_var", RunningVar);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}({NumFeatures}, eps: {Eps}, momentum: {Momentum}, affine: {Weight is not null})";
}
