namespace Skinner.Envs.Vector;

/// <summary>Steps its environments one after another on the calling thread, as Gymnasium's <c>SyncVectorEnv</c>.</summary>
public sealed class SyncVectorEnv : EnvListVectorEnv
{
    /// <summary>One environment per factory.</summary>
    public SyncVectorEnv(IReadOnlyList<Func<IEnv>> factories, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : base(factories, autoresetMode)
    {
    }

    /// <summary><paramref name="numEnvs"/> environments from one factory.</summary>
    public SyncVectorEnv(Func<IEnv> factory, int numEnvs, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : this(VectorEnvs.Repeat(factory, numEnvs), autoresetMode)
    {
    }

    /// <inheritdoc />
    public override void Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        Core.ResetRange(0, Core.Count, seed, options);
        Core.HasReset = true;
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        Core.CheckActions(actions);
        Core.StepRange(0, Core.Count, actions);
    }
}
