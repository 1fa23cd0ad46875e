namespace Skinner.Agents.Common;

/// <summary>A value that changes with a counter (steps, updates or episodes, as the caller decides).</summary>
public interface ISchedule
{
    /// <summary>The value after <paramref name="count"/> ticks.</summary>
    double Value(long count);
}

/// <summary>Constant value.</summary>
public sealed record ConstantSchedule(double Constant) : ISchedule
{
    /// <inheritdoc />
    public double Value(long count) => Constant;
}

/// <summary>Linear from <paramref name="Start"/> to <paramref name="End"/> over <paramref name="Duration"/> ticks, then flat.</summary>
public sealed record LinearSchedule(double Start, double End, long Duration) : ISchedule
{
    /// <inheritdoc />
    public double Value(long count)
    {
        if (Duration <= 0) return End;
        double f = Math.Min(1.0, (double)count / Duration);
        return Start + f * (End - Start);
    }
}

/// <summary>Exponential approach: <c>End + (Start - End) · exp(-count / Decay)</c> (the PyTorch DQN tutorial's epsilon).</summary>
public sealed record ExponentialSchedule(double Start, double End, double Decay) : ISchedule
{
    /// <inheritdoc />
    public double Value(long count) => End + (Start - End) * Math.Exp(-count / Decay);
}

/// <summary>Multiplicative decay with a floor: <c>max(Floor, Start · Factor^count)</c>.</summary>
public sealed record MultiplicativeSchedule(double Start, double Factor, double Floor) : ISchedule
{
    /// <inheritdoc />
    public double Value(long count) => Math.Max(Floor, Start * Math.Pow(Factor, count));
}
