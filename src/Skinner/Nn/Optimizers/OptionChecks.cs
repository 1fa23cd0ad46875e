using System.Globalization;

namespace Skinner.Nn.Optimizers;

/// <summary>Validation of optimizer hyperparameters, with messages that name the option and the fix.</summary>
internal static class OptionChecks
{
    public static void NonNegative(double value, string optimizer, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer} {name} must be finite and non-negative; got {Text(value)}.");
    }

    /// <summary>0 ≤ value &lt; 1 (Adam's betas).</summary>
    public static void UnitHalfOpen(double value, string optimizer, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer} {name} must be in [0, 1); got {Text(value)}.");
    }

    /// <summary>0 ≤ value ≤ 1 (RMSprop's alpha, SGD's dampening).</summary>
    public static void UnitClosed(double value, string optimizer, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer} {name} must be in [0, 1]; got {Text(value)}.");
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
