namespace Skinner.Envs.Vector;

/// <summary>Steps its environments one after another on the calling thread, as Gymnasium's <c>SyncVectorEnv</c>.</summary>
public sealed class SyncVectorEnv : IVectorEnv
{
    private readonly VectorEnvCore _core;

    /// <summary>One environment per factory.</summary>
    public SyncVectorEnv(IReadOnlyList<Func<IEnv>> factories, AutoresetMode autoresetMode = AutoresetMode.NextStep)
    {
        _core = new VectorEnvCore(factories, autoresetMode);
    }

    /// <summary><paramref name="numEnvs"/> environments from one factory.</summary>
    public SyncVectorEnv(Func<IEnv> factory, int numEnvs, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : this(VectorEnvs.Repeat(factory, numEnvs), autoresetMode)
    {
    }

    /// <summary>The environments, in order (for inspection; stepping them directly desynchronises the buffers).</summary>
    public IReadOnlyList<IEnv> Envs => _core.Envs;

    /// <inheritdoc />
    public int NumEnvs => _core.Count;

    /// <inheritdoc />
    public Space SingleObservationSpace => _core.ObservationSpace;

    /// <inheritdoc />
    public Space SingleActionSpace => _core.ActionSpace;

    /// <inheritdoc />
    public int ObservationSize => _core.ObservationSize;

    /// <inheritdoc />
    public int ActionSize => _core.ActionSize;

    /// <inheritdoc />
    public AutoresetMode AutoresetMode => _core.Mode;

    /// <inheritdoc />
    public float[] Observations => _core.Observations;

    /// <inheritdoc />
    public double[] Rewards => _core.Rewards;

    /// <inheritdoc />
    public bool[] Terminated => _core.Terminated;

    /// <inheritdoc />
    public bool[] Truncated => _core.Truncated;

    /// <inheritdoc />
    public float[] FinalObservations => _core.FinalObservations;

    /// <inheritdoc />
    public bool[] Autoreset => _core.Autoreset;

    /// <inheritdoc />
    public Info?[] Infos => _core.Infos;

    /// <inheritdoc />
    public void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _core.ResetRange(0, _core.Count, seed, options);
        _core.HasReset = true;
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<float> actions)
    {
        _core.CheckActions(actions);
        _core.StepRange(0, _core.Count, actions);
    }

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();
}
