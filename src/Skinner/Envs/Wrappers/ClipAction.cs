namespace Skinner.Envs.Wrappers;

/// <summary>
/// Clips every continuous action into the wrapped environment's <see cref="Box"/> before stepping, as
/// Gymnasium's <c>ClipAction</c>; the action space it shows is therefore unbounded. NaN is not a number
/// that can be clipped: it is refused.
/// </summary>
public sealed class ClipAction : Wrapper
{
    private readonly Box _inner;
    private readonly float[] _clipped;

    /// <summary>Wraps <paramref name="env"/>, whose action space must be a <see cref="Box"/>.</summary>
    public ClipAction(IEnv env)
        : base(env)
    {
        _inner = env.ActionSpace as Box
            ?? throw new ArgumentException($"ClipAction needs a Box action space; this environment has {env.ActionSpace}.", nameof(env));
        ActionSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, _inner.Shape);
        _clipped = new float[_inner.FlatSize];
    }

    /// <summary>The unbounded box of the same shape as the wrapped action space.</summary>
    public override Space ActionSpace { get; }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        if (action.Length != _clipped.Length)
            throw new ArgumentException($"Action has {action.Length} elements; the action space {_inner} needs {_clipped.Length}.", nameof(action));
        for (int i = 0; i < action.Length; i++)
        {
            if (float.IsNaN(action[i])) throw new ArgumentException($"Action element {i} is NaN; a NaN action cannot be clipped.", nameof(action));
            _clipped[i] = Math.Clamp(action[i], _inner.Low[i], _inner.High[i]);
        }
        return Env.Step(_clipped);
    }
}
