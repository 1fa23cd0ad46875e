namespace Skinner.Envs.Vector;

/// <summary>
/// What <see cref="SyncVectorEnv"/> and <see cref="ThreadedVectorEnv"/> share: a list of environments whose results are
/// gathered into one set of batch buffers. The two differ only in which thread steps which environments.
/// </summary>
public abstract class EnvListVectorEnv : IVectorEnv
{
    private protected EnvListVectorEnv(IReadOnlyList<Func<IEnv>> factories, AutoresetMode autoresetMode)
    {
        Core = new VectorEnvCore(factories, autoresetMode);
    }

    /// <summary>The environments and the batch buffers.</summary>
    private protected VectorEnvCore Core { get; }

    /// <summary>The environments, in order (for inspection; stepping them directly desynchronises the buffers).</summary>
    public IReadOnlyList<IEnv> Envs => Core.Envs;

    /// <inheritdoc />
    public int NumEnvs => Core.Count;

    /// <inheritdoc />
    public Space SingleObservationSpace => Core.ObservationSpace;

    /// <inheritdoc />
    public Space SingleActionSpace => Core.ActionSpace;

    /// <inheritdoc />
    public int ObservationSize => Core.ObservationSize;

    /// <inheritdoc />
    public int ActionSize => Core.ActionSize;

    /// <inheritdoc />
    public AutoresetMode AutoresetMode => Core.Mode;

    /// <inheritdoc />
    public float[] Observations => Core.Observations;

    /// <inheritdoc />
    public double[] Rewards => Core.Rewards;

    /// <inheritdoc />
    public bool[] Terminated => Core.Terminated;

    /// <inheritdoc />
    public bool[] Truncated => Core.Truncated;

    /// <inheritdoc />
    public float[] FinalObservations => Core.FinalObservations;

    /// <inheritdoc />
    public bool[] Autoreset => Core.Autoreset;

    /// <inheritdoc />
    public Info?[] Infos => Core.Infos;

    /// <inheritdoc />
    public abstract void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <inheritdoc />
    public abstract void Step(ReadOnlySpan<float> actions);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the environments (and, in a subclass, whatever else it holds).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Core.Dispose();
    }
}
