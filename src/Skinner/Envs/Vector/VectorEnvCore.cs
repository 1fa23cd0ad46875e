namespace Skinner.Envs.Vector;

/// <summary>
/// The environments and result buffers shared by <see cref="SyncVectorEnv"/> and
/// <see cref="ThreadedVectorEnv"/>, with the per-environment reset and step logic. Ranges of
/// environments touch disjoint parts of the buffers, so several threads may work on different ranges.
/// </summary>
internal sealed class VectorEnvCore : IDisposable
{
    private const string ResetInfoKey = "reset_info";

    private readonly IEnv[] _envs;
    private readonly bool[] _needsReset;

    public VectorEnvCore(IReadOnlyList<Func<IEnv>> factories, AutoresetMode mode)
    {
        ArgumentNullException.ThrowIfNull(factories);
        if (factories.Count == 0) throw new ArgumentException("A vector environment needs at least one environment factory.", nameof(factories));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown autoreset mode.");
        _envs = new IEnv[factories.Count];
        try
        {
            for (int i = 0; i < _envs.Length; i++)
            {
                _envs[i] = factories[i]() ?? throw new ArgumentException($"Environment factory {i} returned null.", nameof(factories));
                if (i > 0) CheckSameSpaces(_envs[0], _envs[i], i);
            }
        }
        catch
        {
            foreach (var e in _envs) e?.Dispose();
            throw;
        }
        Mode = mode;
        ObservationSpace = _envs[0].ObservationSpace;
        ActionSpace = _envs[0].ActionSpace;
        ObservationSize = ObservationSpace.FlatSize;
        ActionSize = ActionSpace.FlatSize;
        int n = _envs.Length;
        Observations = new float[n * ObservationSize];
        FinalObservations = new float[n * ObservationSize];
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Autoreset = new bool[n];
        Infos = new Info?[n];
        _needsReset = new bool[n];
    }

    public int Count => _envs.Length;

    public IReadOnlyList<IEnv> Envs => _envs;

    public AutoresetMode Mode { get; }

    public Space ObservationSpace { get; }

    public Space ActionSpace { get; }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    public float[] Observations { get; }

    public float[] FinalObservations { get; }

    public double[] Rewards { get; }

    public bool[] Terminated { get; }

    public bool[] Truncated { get; }

    public bool[] Autoreset { get; }

    public Info?[] Infos { get; }

    public bool HasReset { get; set; }

    public void CheckActions(ReadOnlySpan<float> actions)
    {
        if (!HasReset) throw new InvalidOperationException("Step() was called before Reset(). Call Reset() on the vector environment first.");
        if (actions.Length != Count * ActionSize)
            throw new ArgumentException(
                $"The vector environment needs {Count} x {ActionSize} = {Count * ActionSize} action values (one row per environment); got {actions.Length}.",
                nameof(actions));
    }

    public void ResetRange(int from, int to, long? seed, IReadOnlyDictionary<string, object>? options)
    {
        for (int i = from; i < to; i++)
        {
            var r = _envs[i].Reset(seed + i, options);
            Store(i, r.Observation);
            Rewards[i] = 0;
            Terminated[i] = false;
            Truncated[i] = false;
            Autoreset[i] = false;
            Infos[i] = r.Info;
            _needsReset[i] = false;
        }
    }

    public void StepRange(int from, int to, ReadOnlySpan<float> actions)
    {
        for (int i = from; i < to; i++)
        {
            if (_needsReset[i])
            {
                AutoresetOnNextStep(i);
                continue;
            }
            var r = _envs[i].Step(actions.Slice(i * ActionSize, ActionSize));
            Rewards[i] = r.Reward;
            Terminated[i] = r.Terminated;
            Truncated[i] = r.Truncated;
            Autoreset[i] = false;
            Infos[i] = r.Info;
            if (!r.Done)
            {
                Store(i, r.Observation);
                continue;
            }
            StoreFinal(i, r.Observation);
            if (Mode == AutoresetMode.NextStep)
            {
                Store(i, r.Observation);
                _needsReset[i] = true;
            }
            else
            {
                var reset = _envs[i].Reset();
                Store(i, reset.Observation);
                if (reset.Info is not null) Infos[i] = WithResetInfo(r.Info, reset.Info);
            }
        }
    }

    public void Dispose()
    {
        foreach (var e in _envs) e.Dispose();
    }

    private void AutoresetOnNextStep(int i)
    {
        var r = _envs[i].Reset();
        Store(i, r.Observation);
        Rewards[i] = 0;
        Terminated[i] = false;
        Truncated[i] = false;
        Autoreset[i] = true;
        Infos[i] = r.Info;
        _needsReset[i] = false;
    }

    private void Store(int i, float[] obs)
    {
        CheckLength(i, obs);
        obs.CopyTo(Observations, i * ObservationSize);
    }

    private void StoreFinal(int i, float[] obs)
    {
        CheckLength(i, obs);
        obs.CopyTo(FinalObservations, i * ObservationSize);
    }

    private void CheckLength(int i, float[] obs)
    {
        if (obs.Length != ObservationSize)
            throw new InvalidOperationException($"Environment {i} returned {obs.Length} observation values; its observation space {ObservationSpace} holds {ObservationSize}.");
    }

    private static Info WithResetInfo(Info? stepInfo, Info resetInfo)
    {
        var info = new Info();
        if (stepInfo is not null)
            foreach (var (k, v) in stepInfo) info[k] = v;
        info[ResetInfoKey] = resetInfo;
        return info;
    }

    private static void CheckSameSpaces(IEnv first, IEnv other, int i)
    {
        if (!SameSpace(first.ObservationSpace, other.ObservationSpace))
            throw new ArgumentException($"Environment {i} has observation space {other.ObservationSpace}; environment 0 has {first.ObservationSpace}. A vector environment needs identical spaces.");
        if (!SameSpace(first.ActionSpace, other.ActionSpace))
            throw new ArgumentException($"Environment {i} has action space {other.ActionSpace}; environment 0 has {first.ActionSpace}. A vector environment needs identical spaces.");
    }

    private static bool SameSpace(Space a, Space b) => (a, b) switch
    {
        (Discrete x, Discrete y) => x.N == y.N && x.Start == y.Start,
        (Box x, Box y) => x.Shape.AsSpan().SequenceEqual(y.Shape) && x.Low.AsSpan().SequenceEqual(y.Low) && x.High.AsSpan().SequenceEqual(y.High),
        _ => a.GetType() == b.GetType() && a.FlatSize == b.FlatSize && a.Shape.AsSpan().SequenceEqual(b.Shape),
    };
}
