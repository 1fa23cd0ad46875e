using Skinner.Envs;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs.Testing;

/// <summary>
/// A continuous-action environment that shows the action it received: the observation is the last
/// action, the reward its sum, and the episode terminates after <see cref="EpisodeLength"/> steps. It
/// rejects actions outside its box. Observations before the first step are zero.
/// </summary>
public sealed class EchoEnv : IEnv
{
    private float[] _last;
    private int _steps;

    public EchoEnv(float low = -2, float high = 2, int size = 2, int episodeLength = 4)
    {
        ActionSpace = new Box(low, high, size);
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
        EpisodeLength = episodeLength;
        _last = new float[size];
    }

    public Space ObservationSpace { get; }

    public Space ActionSpace { get; }

    public EnvSpec? Spec { get; set; }

    public int EpisodeLength { get; }

    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _last = new float[_last.Length];
        _steps = 0;
        return new ResetResult((float[])_last.Clone(), null);
    }

    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (!ActionSpace.Contains(action))
            throw new ArgumentException($"Action [{string.Join(", ", action.ToArray())}] is not in {ActionSpace}.", nameof(action));
        _last = action.ToArray();
        _steps++;
        double sum = 0;
        foreach (float a in action) sum += a;
        return new StepResult((float[])_last.Clone(), sum, _steps >= EpisodeLength, false, new Info { ["echo"] = _steps });
    }

    public Frame? Render() => null;

    public void Dispose()
    {
    }
}
