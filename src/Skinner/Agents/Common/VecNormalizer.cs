using Skinner.Envs.Wrappers;

namespace Skinner.Agents.Common;

/// <summary>
/// Observation and reward normalisation across the environments of a vector environment, as SB3's
/// <c>VecNormalize</c>: one set of running statistics shared by all environments (they sample one
/// distribution, so pooling them is right and keeps the agent's view of an observation the same whichever
/// environment it came from), while each environment keeps its own discounted return, whose shared
/// variance scales the rewards. Observations and scaled rewards are clipped to ±<c>clip</c>.
/// </summary>
public sealed class VecNormalizer
{
    private const double Epsilon = 1e-8;
    private readonly RunningMeanStd? _obs;
    private readonly RunningMeanStd? _ret;
    private readonly double[] _returns;
    private readonly double _gamma;
    private readonly float _clip;

    /// <summary>Statistics for <paramref name="envs"/> environments with observations of <paramref name="observationSize"/> floats.</summary>
    public VecNormalizer(int envs, int observationSize, bool observations, bool rewards, double gamma, float clip = 10f)
    {
        if (observations) _obs = new RunningMeanStd(observationSize);
        if (rewards) _ret = new RunningMeanStd(1);
        _returns = new double[envs];
        _gamma = gamma;
        _clip = clip;
    }

    /// <summary>Merges a batch of <paramref name="rows"/> raw observations into the statistics (training only).</summary>
    public void Observe(ReadOnlySpan<float> observations, int rows) => _obs?.Update(observations, rows);

    /// <summary>Normalised copy of <paramref name="observations"/> (identity when observation normalisation is off).</summary>
    public float[] Observation(ReadOnlySpan<float> observations)
    {
        var x = observations.ToArray();
        if (_obs is null) return x;
        int n = _obs.Mean.Length;
        for (int i = 0; i < x.Length; i++)
        {
            int j = i % n;
            x[i] = (float)Math.Clamp((x[i] - _obs.Mean[j]) / Math.Sqrt(_obs.Var[j] + Epsilon), -_clip, _clip);
        }
        return x;
    }

    /// <summary>
    /// Scales the rewards of one vector step in place after updating each environment's discounted return and
    /// the shared statistics; a finished episode's return starts again at zero.
    /// </summary>
    public void Rewards(Span<float> rewards, ReadOnlySpan<bool> done)
    {
        if (_ret is null) return;
        var batch = new float[rewards.Length];
        for (int n = 0; n < rewards.Length; n++)
        {
            _returns[n] = _returns[n] * _gamma + rewards[n];
            batch[n] = (float)_returns[n];
        }
        _ret.Update(batch, batch.Length);
        double scale = Math.Sqrt(_ret.Var[0] + Epsilon);
        for (int n = 0; n < rewards.Length; n++)
        {
            rewards[n] = (float)Math.Clamp(rewards[n] / scale, -_clip, _clip);
            if (done[n]) _returns[n] = 0;
        }
    }

    /// <summary>The statistics, for a checkpoint.</summary>
    public void Export(IDictionary<string, float[]> into)
    {
        _obs?.Export("obs", into);
        _ret?.Export("ret", into);
    }

    /// <summary>Restores what <see cref="Export"/> wrote.</summary>
    public void Import(IReadOnlyDictionary<string, float[]> from)
    {
        _obs?.Import("obs", from);
        _ret?.Import("ret", from);
    }
}
