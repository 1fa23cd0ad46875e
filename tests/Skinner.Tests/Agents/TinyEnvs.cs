using Skinner.Envs;
using Skinner.Envs.Rendering;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

/// <summary>
/// The observation is a one-hot class among <c>n</c>; the reward is 1 when the action names the class.
/// Episodes last <c>length</c> steps and terminate. A learner that works reaches <c>length</c> per episode.
/// </summary>
public sealed class IdentityEnv(int n = 3, int length = 10) : IEnv
{
    private Rng _rng = new(0);
    private int _class, _t;

    public Space ObservationSpace { get; } = new Box(0, 1, n);

    public Space ActionSpace { get; } = new Discrete(n);

    public EnvSpec? Spec { get; set; }

    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is long s) _rng = new Rng((ulong)s);
        _t = 0;
        return new(Next(), null);
    }

    public StepResult Step(ReadOnlySpan<float> action)
    {
        double reward = (int)action[0] == _class ? 1 : 0;
        _t++;
        return new(Next(), reward, _t >= length, false, null);
    }

    private float[] Next()
    {
        _class = _rng.NextInt(n);
        var o = new float[n];
        o[_class] = 1;
        return o;
    }

    public Frame? Render() => null;

    public void Dispose()
    {
    }
}

/// <summary>
/// One state, one action, reward 1 per step. Each episode ends after one step, by termination or by
/// truncation as chosen. With discount γ, the true value is 1 after a termination and 1/(1-γ) when the
/// episode was only cut short: a learner that bootstraps correctly tells them apart.
/// </summary>
public sealed class OneStepEnv(bool truncate) : IEnv
{
    public Space ObservationSpace { get; } = new Box(0, 1, 1);

    public Space ActionSpace { get; } = new Discrete(1);

    public EnvSpec? Spec { get; set; }

    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new([1f], null);

    public StepResult Step(ReadOnlySpan<float> action) => new([1f], 1.0, !truncate, truncate, null);

    public Frame? Render() => null;

    public void Dispose()
    {
    }
}
