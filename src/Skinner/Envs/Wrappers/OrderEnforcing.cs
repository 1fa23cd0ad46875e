using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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
        return new ResetResult(r.Observation, r.Info); // field by field, as in Step
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        if (!_hasReset | _episodeOver) ThrowOutOfOrder();
        var r = Env.Step(action);
        _episodeOver = r.Terminated;
        // Field by field rather than `return r`: the JIT would copy the 32-byte struct with one vector load right
        // after the wrapped environment stored it field by field, and the processor cannot forward narrow stores
        // to a wide load, so it waits for them to reach the cache (about a tenth of a default-wrapped CartPole step).
        return new StepResult(r.Observation, r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    /// <inheritdoc />
    public override Frame? Render()
    {
        if (!_hasReset) throw new InvalidOperationException("Render() was called before Reset(). Call Reset() first.");
        return Env.Render();
    }

    // Apart from Step, so that the hot path stays small.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutOfOrder()
    {
        if (!_hasReset) throw new InvalidOperationException("Step() was called before Reset(). Call Reset() to start an episode first.");
        throw new InvalidOperationException("Step() was called after the episode terminated. Call Reset() to start a new episode.");
    }

    /// <inheritdoc />
    public override PendingFrame? CaptureFrame()
    {
        if (!_hasReset) throw new InvalidOperationException("CaptureFrame() was called before Reset(). Call Reset() first.");
        return Env.CaptureFrame();
    }
}
