namespace Skinner.Nn.Optimizers;

/// <summary>Hyperparameters of <see cref="Sgd"/> (PyTorch's <c>torch.optim.SGD</c>; the learning rate has no default).</summary>
public sealed record SgdOptions
{
    /// <summary>Step size (PyTorch <c>lr</c>, required). Finite, ≥ 0.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Momentum factor (default 0: plain SGD). Finite, ≥ 0.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening of the gradient added to the momentum buffer (default 0). In [0, 1]; must be 0 with Nesterov.</summary>
    public double Dampening { get; init; }

    /// <summary>L2 penalty added to the gradient: g + weight_decay·p (default 0). Finite, ≥ 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Nesterov momentum (default false); needs momentum &gt; 0 and dampening 0.</summary>
    public bool Nesterov { get; init; }

    internal void Validate()
    {
        OptionChecks.NonNegative(LearningRate, "SGD", nameof(LearningRate));
        OptionChecks.NonNegative(Momentum, "SGD", nameof(Momentum));
        OptionChecks.UnitClosed(Dampening, "SGD", nameof(Dampening));
        OptionChecks.NonNegative(WeightDecay, "SGD", nameof(WeightDecay));
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException($"SGD with Nesterov momentum needs Momentum > 0 and Dampening = 0; got Momentum {Momentum}, Dampening {Dampening}.", nameof(Nesterov));
    }
}
