namespace Skinner.Envs.Wrappers;

/// <summary>
/// Scales rewards so that the discounted return has roughly unit variance, as Gymnasium's
/// <c>NormalizeReward</c>: a running discounted return <c>G = G * gamma * (1 - terminated) + r</c> feeds a
/// running variance, and each reward is divided by <c>sqrt(var + epsilon)</c> (not centred, which would
/// change the optimal policy).
/// </summary>
public sealed class NormalizeReward : Wrapper, IRunningStatistics
{
    private readonly RunningMeanStd _rms = new(1);
    private readonly double _epsilon;
    private double _discountedReturn;

    /// <summary>Wraps <paramref name="env"/>; <paramref name="name"/> prefixes the statistic names.</summary>
    public NormalizeReward(IEnv env, double gamma = 0.99, double epsilon = 1e-8, string name = "return_rms")
        : base(env)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must lie in [0, 1].");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a non-negative number.");
        Gamma = gamma;
        _epsilon = epsilon;
        StatisticsName = name;
    }

    /// <summary>The discount of the running return.</summary>
    public double Gamma { get; }

    /// <summary>The running statistics of the discounted return.</summary>
    public RunningMeanStd Statistics => _rms;

    /// <inheritdoc />
    public string StatisticsName { get; }

    /// <inheritdoc />
    public bool UpdateStatistics { get; set; } = true;

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        // As Gymnasium: only termination (not truncation, not reset) restarts the running return.
        _discountedReturn = _discountedReturn * Gamma * (r.Terminated ? 0.0 : 1.0) + r.Reward;
        if (UpdateStatistics) _rms.Update(_discountedReturn);
        return r with { Reward = r.Reward / Math.Sqrt(_rms.Var[0] + _epsilon) };
    }

    /// <inheritdoc />
    public void ExportStatistics(IDictionary<string, float[]> into) => _rms.Export(StatisticsName, into);

    /// <inheritdoc />
    public void ImportStatistics(IReadOnlyDictionary<string, float[]> from) => _rms.Import(StatisticsName, from);
}
