namespace Skinner.Envs.Wrappers;

/// <summary>
/// Normalises each observation element to roughly zero mean and unit variance with a running estimate,
/// as Gymnasium's <c>NormalizeObservation</c>: the statistics first absorb the observation (unless
/// frozen), then <c>(obs - mean) / sqrt(var + epsilon)</c> is returned as float32. Reset observations
/// count too. The observation space becomes unbounded.
/// </summary>
public sealed class NormalizeObservation : Wrapper, IRunningStatistics
{
    private readonly RunningMeanStd _rms;
    private readonly double _epsilon;

    /// <summary>Wraps <paramref name="env"/>; <paramref name="name"/> prefixes the statistic names.</summary>
    public NormalizeObservation(IEnv env, double epsilon = 1e-8, string name = "obs_rms")
        : base(env)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a non-negative number.");
        int size = env.ObservationSpace.FlatSize;
        int[] shape = env.ObservationSpace.Shape.Length > 0 ? env.ObservationSpace.Shape : [size];
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, shape);
        _rms = new RunningMeanStd(size);
        _epsilon = epsilon;
        StatisticsName = name;
    }

    /// <summary>An unbounded box of the wrapped observation's shape.</summary>
    public override Space ObservationSpace { get; }

    /// <summary>The running statistics of the raw observations.</summary>
    public RunningMeanStd Statistics => _rms;

    /// <inheritdoc />
    public string StatisticsName { get; }

    /// <inheritdoc />
    public bool UpdateStatistics { get; set; } = true;

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        return r with { Observation = Normalize(r.Observation) };
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        return r with { Observation = Normalize(r.Observation) };
    }

    /// <inheritdoc />
    public void ExportStatistics(IDictionary<string, float[]> into) => _rms.Export(StatisticsName, into);

    /// <inheritdoc />
    public void ImportStatistics(IReadOnlyDictionary<string, float[]> from) => _rms.Import(StatisticsName, from);

    private float[] Normalize(float[] obs)
    {
        if (UpdateStatistics) _rms.Update(obs);
        var y = new float[obs.Length];
        for (int i = 0; i < y.Length; i++) y[i] = (float)((obs[i] - _rms.Mean[i]) / Math.Sqrt(_rms.Var[i] + _epsilon));
        return y;
    }
}
