namespace Skinner.Envs.Wrappers;

/// <summary>
/// Stacks the last <see cref="StackSize"/> observations, oldest first, into one observation of shape
/// <c>[k, ...inner shape]</c>, as Gymnasium's <c>FrameStackObservation</c> with reset padding: after a
/// reset the first observation fills every slot.
/// </summary>
public sealed class FrameStack : Wrapper
{
    private readonly int _size;
    private readonly float[] _ring;
    private int _next;

    /// <summary>Wraps <paramref name="env"/>, whose observation space must be a <see cref="Box"/>, stacking <paramref name="stackSize"/> frames.</summary>
    public FrameStack(IEnv env, int stackSize)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stackSize, 1);
        var inner = env.ObservationSpace as Box
            ?? throw new ArgumentException($"FrameStack needs a Box observation space; this environment has {env.ObservationSpace}.", nameof(env));
        StackSize = stackSize;
        _size = inner.FlatSize;
        _ring = new float[stackSize * _size];
        ObservationSpace = new Box(Tile(inner.Low, stackSize), Tile(inner.High, stackSize), [stackSize, .. inner.Shape]);
    }

    /// <summary>How many observations are stacked.</summary>
    public int StackSize { get; }

    /// <summary>The box of the stacked observation, <c>[k, ...inner shape]</c>.</summary>
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var r = Env.Reset(seed, options);
        Check(r.Observation);
        for (int k = 0; k < StackSize; k++) r.Observation.CopyTo(_ring, k * _size);
        _next = 0;
        return r with { Observation = Stacked() };
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        var r = Env.Step(action);
        Check(r.Observation);
        // A ring of slots avoids shifting k frames on every step; _next is the oldest slot.
        r.Observation.CopyTo(_ring, _next * _size);
        _next = (_next + 1) % StackSize;
        return r with { Observation = Stacked() };
    }

    private float[] Stacked()
    {
        var y = new float[_ring.Length];
        int tail = (StackSize - _next) * _size;
        Array.Copy(_ring, _next * _size, y, 0, tail);
        Array.Copy(_ring, 0, y, tail, _next * _size);
        return y;
    }

    private void Check(float[] obs)
    {
        if (obs.Length != _size)
            throw new InvalidOperationException($"The wrapped environment returned {obs.Length} observation values; its space holds {_size}.");
    }

    private static float[] Tile(float[] v, int k)
    {
        var y = new float[v.Length * k];
        for (int i = 0; i < k; i++) v.CopyTo(y, i * v.Length);
        return y;
    }
}
