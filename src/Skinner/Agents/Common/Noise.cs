using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>Exploration noise added to a deterministic policy's action.</summary>
public interface IActionNoise
{
    /// <summary>Writes the next noise sample into <paramref name="noise"/>.</summary>
    void Sample(Span<float> noise, Rng rng);

    /// <summary>Starts a new episode (resets temporally correlated state).</summary>
    void Reset();

    /// <summary>The process's whole state, for checkpoints.</summary>
    double[] GetState();

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    void SetState(ReadOnlySpan<double> state);
}

/// <summary>
/// Ornstein-Uhlenbeck noise, as in the DDPG paper: <c>x += θ(μ - x)dt + σ√dt · N(0, 1)</c>.
/// Sigma can be annealed linearly from <see cref="Sigma"/> to <see cref="SigmaMin"/> over
/// <see cref="SigmaDecaySteps"/> samples.
/// </summary>
public sealed class OrnsteinUhlenbeckNoise : IActionNoise
{
    private readonly double[] _x;
    private long _samples;

    /// <summary>Creates the process for an action of <paramref name="size"/> elements.</summary>
    public OrnsteinUhlenbeckNoise(int size, double mu = 0, double theta = 0.15, double sigma = 0.2, double dt = 1e-2,
        double? sigmaMin = null, long sigmaDecaySteps = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (theta < 0 || sigma < 0 || dt <= 0) throw new ArgumentException("Ornstein-Uhlenbeck noise needs theta ≥ 0, sigma ≥ 0 and dt > 0.");
        _x = new double[size];
        Mu = mu;
        Theta = theta;
        Sigma = sigma;
        Dt = dt;
        SigmaMin = sigmaMin ?? sigma;
        SigmaDecaySteps = sigmaDecaySteps;
        Reset();
    }

    /// <summary>Long-run mean.</summary>
    public double Mu { get; }

    /// <summary>Mean reversion rate.</summary>
    public double Theta { get; }

    /// <summary>Initial volatility.</summary>
    public double Sigma { get; }

    /// <summary>Time step.</summary>
    public double Dt { get; }

    /// <summary>Volatility after annealing.</summary>
    public double SigmaMin { get; }

    /// <summary>Samples over which sigma anneals (0: no annealing).</summary>
    public long SigmaDecaySteps { get; }

    /// <summary>The volatility in use now.</summary>
    public double CurrentSigma => new LinearSchedule(Sigma, SigmaMin, SigmaDecaySteps).Value(_samples);

    /// <inheritdoc />
    public void Sample(Span<float> noise, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (noise.Length != _x.Length) throw new ArgumentException($"Noise of size {_x.Length} cannot fill {noise.Length} elements.");
        double sigma = CurrentSigma;
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] += Theta * (Mu - _x[i]) * Dt + sigma * Math.Sqrt(Dt) * rng.NextNormal();
            noise[i] = (float)_x[i];
        }
        _samples++;
    }

    /// <inheritdoc />
    public void Reset() => Array.Fill(_x, Mu);

    /// <inheritdoc />
    public double[] GetState() => [.. _x, _samples];

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != _x.Length + 1) throw new ArgumentException($"An Ornstein-Uhlenbeck state of size {_x.Length} has {_x.Length + 1} values; got {state.Length}.");
        state[.._x.Length].CopyTo(_x);
        _samples = (long)state[^1];
    }
}

/// <summary>
/// Independent Gaussian noise <c>N(0, σ²)</c>; σ optionally decays multiplicatively per sample to a floor
/// (the first reference document's DDPG: ×0.999 down to 0.01).
/// </summary>
public sealed class GaussianNoise : IActionNoise
{
    /// <summary>Creates the noise.</summary>
    public GaussianNoise(double sigma, double decay = 1.0, double floor = 0.0)
    {
        if (sigma < 0 || decay <= 0 || decay > 1 || floor < 0) throw new ArgumentException("Gaussian noise needs sigma ≥ 0, decay in (0, 1] and floor ≥ 0.");
        Sigma = sigma;
        Decay = decay;
        Floor = floor;
        CurrentSigma = sigma;
    }

    /// <summary>Initial standard deviation.</summary>
    public double Sigma { get; }

    /// <summary>Multiplier applied to sigma after each sample.</summary>
    public double Decay { get; }

    /// <summary>Lowest sigma.</summary>
    public double Floor { get; }

    /// <summary>The standard deviation in use now.</summary>
    public double CurrentSigma { get; set; }

    /// <inheritdoc />
    public void Sample(Span<float> noise, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < noise.Length; i++) noise[i] = (float)(CurrentSigma * rng.NextNormal());
        CurrentSigma = Math.Max(Floor, CurrentSigma * Decay);
    }

    /// <inheritdoc />
    public void Reset()
    {
    }

    /// <inheritdoc />
    public double[] GetState() => [CurrentSigma];

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != 1) throw new ArgumentException($"A Gaussian noise state has 1 value; got {state.Length}.");
        CurrentSigma = state[0];
    }
}
