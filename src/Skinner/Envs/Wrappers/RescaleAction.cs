namespace Skinner.Envs.Wrappers;

/// <summary>
/// Lets the agent act in <c>[min, max]</c> and maps each action affinely onto the wrapped environment's
/// <see cref="Box"/> <c>[low, high]</c>, as Gymnasium's <c>RescaleAction</c>:
/// <c>low + (high - low) * (a - min) / (max - min)</c>, clipped to <c>[low, high]</c>.
/// Both boxes must be bounded.
/// </summary>
public sealed class RescaleAction : Wrapper
{
    private readonly Box _inner;
    private readonly double[] _gradient;
    private readonly double[] _intercept;
    private readonly float[] _scaled;

    /// <summary>Rescales every element from <c>[minAction, maxAction]</c>.</summary>
    public RescaleAction(IEnv env, float minAction, float maxAction)
        : this(env, Fill(env, minAction), Fill(env, maxAction))
    {
    }

    /// <summary>Rescales element <c>i</c> from <c>[minAction[i], maxAction[i]]</c>.</summary>
    public RescaleAction(IEnv env, float[] minAction, float[] maxAction)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(minAction);
        ArgumentNullException.ThrowIfNull(maxAction);
        _inner = InnerBox(env);
        int n = _inner.FlatSize;
        if (minAction.Length != n || maxAction.Length != n)
            throw new ArgumentException($"RescaleAction bounds need {n} elements (the action space {_inner}); got {minAction.Length} and {maxAction.Length}.");
        _gradient = new double[n];
        _intercept = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(minAction[i] < maxAction[i]) || !float.IsFinite(minAction[i]) || !float.IsFinite(maxAction[i]))
                throw new ArgumentException($"RescaleAction element {i}: the target range [{minAction[i]}, {maxAction[i]}] must be finite with min < max.");
            if (!float.IsFinite(_inner.Low[i]) || !float.IsFinite(_inner.High[i]))
                throw new ArgumentException($"RescaleAction element {i}: the wrapped action space is unbounded there ([{_inner.Low[i]}, {_inner.High[i]}]), so it cannot be rescaled.");
            _gradient[i] = ((double)_inner.High[i] - _inner.Low[i]) / ((double)maxAction[i] - minAction[i]);
            _intercept[i] = _inner.Low[i] - _gradient[i] * minAction[i];
        }
        ActionSpace = new Box((float[])minAction.Clone(), (float[])maxAction.Clone(), _inner.Shape);
        _scaled = new float[n];
    }

    /// <summary>The box <c>[min, max]</c> the agent acts in.</summary>
    public override Space ActionSpace { get; }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        if (action.Length != _scaled.Length)
            throw new ArgumentException($"Action has {action.Length} elements; the action space {ActionSpace} needs {_scaled.Length}.", nameof(action));
        for (int i = 0; i < action.Length; i++)
        {
            if (float.IsNaN(action[i])) throw new ArgumentException($"Action element {i} is NaN.", nameof(action));
            // Computed in float64 as Gymnasium does, then clipped against rounding past the bounds.
            _scaled[i] = Math.Clamp((float)(_gradient[i] * action[i] + _intercept[i]), _inner.Low[i], _inner.High[i]);
        }
        return Env.Step(_scaled);
    }

    private static Box InnerBox(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.ActionSpace as Box
            ?? throw new ArgumentException($"RescaleAction needs a Box action space; this environment has {env.ActionSpace}.", nameof(env));
    }

    private static float[] Fill(IEnv env, float value) => Enumerable.Repeat(value, InnerBox(env).FlatSize).ToArray();
}
