using Skinner.Envs.Rendering;

namespace Skinner.Envs.Wrappers;

/// <summary>
/// Refuses to step or render before the first reset, and to step again after an episode ended
/// without a reset in between: both are caller bugs that would otherwise corrupt data silently.
/// </summary>
public sealed class OrderEnforcing : Wrapper
{
    private bool _hasReset;
    private bool _episodeOver;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    public OrderEnforcing(IEnv env)
        : base(env)
    {
    }

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        _hasReset = true;
        _episodeOver = false;
        return r;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        if (!_hasReset) throw new InvalidOperationException("Step() was called before Reset(). Call Reset() to start an episode first.");
        if (_episodeOver) throw new InvalidOperationException("Step() was called after the episode terminated. Call Reset() to start a new episode.");
        var r = Env.Step(action);
        _episodeOver = r.Terminated;
        return r;
    }

    /// <inheritdoc />
    public override Frame? Render()
    {
        if (!_hasReset) throw new InvalidOperationException("Render() was called before Reset(). Call Reset() first.");
        return Env.Render();
    }

    /// <inheritdoc />
    public override PendingFrame? CaptureFrame()
    {
        if (!_hasReset) throw new InvalidOperationException("CaptureFrame() was called before Reset(). Call Reset() first.");
        return Env.CaptureFrame();
    }
}
