namespace Skinner.Nn.Optimizers;

/// <summary>Hyperparameters of <see cref="Adam"/>, with PyTorch's defaults (<c>torch.optim.Adam</c>).</summary>
public sealed record AdamOptions
{
    /// <summary>Step size (default 1e-3). Finite, ≥ 0.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay of the first-moment average (default 0.9). In [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average (default 0.999). In [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the denominator, outside the square root (default 1e-8). Finite, ≥ 0.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>L2 penalty added to the gradient, g + weight_decay·p (Adam's form, not AdamW's; default 0). Finite, ≥ 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Use the running maximum of the second moment (AMSGrad; default false).</summary>
    public bool AmsGrad { get; init; }

    internal void Validate()
    {
        OptionChecks.NonNegative(LearningRate, "Adam", nameof(LearningRate));
        OptionChecks.UnitHalfOpen(Beta1, "Adam", nameof(Beta1));
        OptionChecks.UnitHalfOpen(Beta2, "Adam", nameof(Beta2));
        OptionChecks.NonNegative(Eps, "Adam", nameof(Eps));
        OptionChecks.NonNegative(WeightDecay, "Adam", nameof(WeightDecay));
    }
}
