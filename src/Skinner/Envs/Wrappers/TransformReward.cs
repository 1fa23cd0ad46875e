namespace Skinner.Envs.Wrappers;

/// <summary>Applies a function to every reward, as Gymnasium's <c>TransformReward</c> (e.g. <c>r => Math.Sign(r)</c>).</summary>
public sealed class TransformReward : Wrapper
{
    private readonly Func<double, double> _transform;

    /// <summary>Wraps <paramref name="env"/>, passing each reward through <paramref name="transform"/>.</summary>
    public TransformReward(IEnv env, Func<double, double> transform)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _transform = transform;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        return r with { Reward = _transform(r.Reward) };
    }
}
