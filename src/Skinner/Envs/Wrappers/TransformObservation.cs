namespace Skinner.Envs.Wrappers;

/// <summary>
/// Applies a function to every observation, reset observations included, as Gymnasium's
/// <c>TransformObservation</c>. The function may change the size, in which case pass the new space.
/// </summary>
public sealed class TransformObservation : Wrapper
{
    private readonly Func<float[], float[]> _transform;

    /// <summary>
    /// Wraps <paramref name="env"/>. <paramref name="observationSpace"/> is the space of the transformed
    /// observations; null keeps the wrapped space (right only when the function keeps values inside it).
    /// </summary>
    public TransformObservation(IEnv env, Func<float[], float[]> transform, Space? observationSpace = null)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _transform = transform;
        ObservationSpace = observationSpace ?? env.ObservationSpace;
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        return r with { Observation = Apply(r.Observation) };
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        return r with { Observation = Apply(r.Observation) };
    }

    private float[] Apply(float[] obs)
    {
        var y = _transform(obs);
        if (y is null || y.Length != ObservationSpace.FlatSize)
            throw new InvalidOperationException(
                $"The observation transform returned {y?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} values; the observation space {ObservationSpace} holds {ObservationSpace.FlatSize}. Pass the transformed space to TransformObservation.");
        return y;
    }
}
