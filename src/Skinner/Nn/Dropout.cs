using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// Inverted dropout as a layer (<see cref="Tensor.Dropout"/>): in training mode each element is zeroed with
/// probability <see cref="P"/> and the rest scaled by 1/(1 - p); in evaluation mode it is the identity. The masks
/// come from the layer's own <see cref="Rng"/>, so the same seed gives the same masks.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Rng _rng;

    /// <summary>The probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>Creates the layer; <paramref name="rng"/> draws the masks (give it a fork of the run's generator).</summary>
    public Dropout(float p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: the drop probability must be in [0, 1].");
        P = p;
        _rng = rng;
    }

    /// <summary>The generator of the masks (its state belongs in a checkpoint for an exact resume).</summary>
    public Rng Rng => _rng;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Training && P > 0f ? Tensor.Dropout(input, P, _rng) : input;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => [];

    /// <inheritdoc />
    public override string ToString() => $"Dropout(p: {P})";
}
