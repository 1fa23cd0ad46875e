namespace Skinner.Nn.Optimizers;

/// <summary>Hyperparameters of <see cref="RmsProp"/>, with PyTorch's defaults (<c>torch.optim.RMSprop</c>).</summary>
public sealed record RmsPropOptions
{
    /// <summary>Step size (default 1e-2). Finite, ≥ 0.</summary>
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Decay of the squared-gradient average (default 0.99). In [0, 1].</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Added to the denominator, outside the square root (default 1e-8). Finite, ≥ 0.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>L2 penalty added to the gradient, g + weight_decay·p (default 0). Finite, ≥ 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum factor (default 0). Finite, ≥ 0.</summary>
    public double Momentum { get; init; }

    /// <summary>Normalise by the variance estimate s − a² instead of s (default false).</summary>
    public bool Centered { get; init; }

    internal void Validate()
    {
        OptionChecks.NonNegative(LearningRate, "RMSprop", nameof(LearningRate));
        OptionChecks.UnitClosed(Alpha, "RMSprop", nameof(Alpha));
        OptionChecks.NonNegative(Eps, "RMSprop", nameof(Eps));
        OptionChecks.NonNegative(WeightDecay, "RMSprop", nameof(WeightDecay));
        OptionChecks.NonNegative(Momentum, "RMSprop", nameof(Momentum));
    }
}
