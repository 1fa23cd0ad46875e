using Skinner.Envs;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs.Testing;

/// <summary>
/// Plays back a fixed script: the reset observation is <c>observations[0]</c> and step <c>t</c> (from 1)
/// returns <c>observations[t]</c>, <c>rewards[t - 1]</c> and <c>terminated[t - 1]</c>; the script then
/// continues where it was (a reset does not rewind it, except for the observation it returns).
/// </summary>
public sealed class ScriptedEnv : IEnv
{
    private readonly float[][] _observations;
    private readonly double[] _rewards;
    private readonly bool[] _terminated;
    private int _t;

    public ScriptedEnv(float[][] observations, double[]? rewards = null, bool[]? terminated = null)
    {
        _observations = observations;
        _rewards = rewards ?? new double[observations.Length];
        _terminated = terminated ?? new bool[observations.Length];
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, observations[0].Length);
    }

    public Space ObservationSpace { get; }

    public Space ActionSpace { get; } = new Discrete(1);

    public EnvSpec? Spec { get; set; }

    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) =>
        new((float[])_observations[_t].Clone(), null);

    public StepResult Step(ReadOnlySpan<float> action)
    {
        _t++;
        return new StepResult((float[])_observations[_t].Clone(), _rewards[_t - 1], _terminated[_t - 1], false, null);
    }

    public Frame? Render() => null;

    public void Dispose()
    {
    }
}
