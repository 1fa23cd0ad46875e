using Skinner.Envs.Rendering;

namespace Skinner.Envs;

/// <summary>
/// Wraps an environment and forwards everything to it; a concrete wrapper overrides one thing.
/// </summary>
public abstract class Wrapper : IEnv
{
    /// <summary>Wraps <paramref name="env"/>.</summary>
    protected Wrapper(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Env = env;
    }

    /// <summary>The wrapped environment.</summary>
    public IEnv Env { get; }

    /// <summary>The innermost environment.</summary>
    public IEnv Unwrapped => Env is Wrapper w ? w.Unwrapped : Env;

    /// <inheritdoc />
    public virtual Space ObservationSpace => Env.ObservationSpace;

    /// <inheritdoc />
    public virtual Space ActionSpace => Env.ActionSpace;

    /// <inheritdoc />
    public EnvSpec? Spec
    {
        get => Env.Spec;
        set => Env.Spec = value;
    }

    /// <inheritdoc />
    public virtual ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => Env.Reset(seed, options);

    /// <inheritdoc />
    public virtual StepResult Step(ReadOnlySpan<float> action) => Env.Step(action);

    /// <inheritdoc />
    /// <remarks>A wrapper that overrides this method overrides <see cref="CaptureFrame"/> too, so that recorded
    /// videos show what it draws.</remarks>
    public virtual Frame? Render() => Env.Render();

    /// <summary>Forwards to the wrapped environment (see <see cref="IEnv.CaptureFrame"/>). A wrapper that changes
    /// the picture overrides this along with <see cref="Render"/>, for instance as
    /// <c>PendingFrame.Of(Render())</c>.</summary>
    public virtual PendingFrame? CaptureFrame() => Env.CaptureFrame();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the wrapped environment.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Env.Dispose();
    }
}
