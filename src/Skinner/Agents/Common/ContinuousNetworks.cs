using Skinner.Envs;
using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>How the actor-critic networks are initialised.</summary>
public enum InitScheme
{
    /// <summary>PyTorch's defaults for every layer.</summary>
    PyTorch,

    /// <summary>The DDPG paper: fan-in uniform hidden layers, final layers uniform in ±3e-3 (actor) and ±3e-4 (critic).</summary>
    DdpgPaper,
}

/// <summary>
/// A deterministic actor: an MLP with ReLU and a tanh output in [-1, 1] per action dimension.
/// Actions are scaled to the environment's bounds outside the network (see <see cref="ActionScale"/>).
/// </summary>
public sealed class DeterministicActor : Layer
{
    private readonly Sequential _net;

    /// <summary>Creates the actor.</summary>
    public DeterministicActor(int observations, IReadOnlyList<int> hidden, int actions, Rng rng, InitScheme init = InitScheme.PyTorch)
    {
        _net = Networks.Mlp(observations, hidden, actions, rng);
        if (init == InitScheme.DdpgPaper) PaperInit(_net, rng, 3e-3f);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => _net.Forward(input).Tanh();

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters() => _net.NamedParameters();

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children() => [("net", _net)];

    /// <summary>Fan-in uniform for every linear layer, then the last one uniform in ±<paramref name="finalBound"/>.</summary>
    internal static void PaperInit(Sequential net, Rng rng, float finalBound)
    {
        Linear? last = null;
        for (int i = 0; i < net.Count; i++)
        {
            if (net[i] is not Linear l) continue;
            Init.FanInUniform(l.Weight, l.Bias, rng);
            last = l;
        }
        if (last is not null) Init.SmallUniform(last.Weight, last.Bias, rng, finalBound);
    }
}

/// <summary>
/// A Q-critic Q(s, a): an MLP whose input is the observation, with the action joined at layer
/// <c>actionLayer</c> (0: concatenated with the observation, as Stable-Baselines3; 1: concatenated with the
/// first hidden layer's output, as the DDPG paper and the reference documents).
/// </summary>
public sealed class QCritic : Layer
{
    private readonly Linear[] _layers;
    private readonly int _actionLayer;

    /// <summary>Creates the critic.</summary>
    public QCritic(int observations, int actions, IReadOnlyList<int> hidden, Rng rng, int actionLayer = 0, InitScheme init = InitScheme.PyTorch)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (actionLayer < 0 || actionLayer > hidden.Count) throw new ArgumentOutOfRangeException(nameof(actionLayer), actionLayer, $"The action can join at layer 0..{hidden.Count}.");
        _actionLayer = actionLayer;
        var layers = new List<Linear>();
        int width = observations;
        for (int i = 0; i <= hidden.Count; i++)
        {
            int inputs = width + (i == actionLayer ? actions : 0);
            int outputs = i < hidden.Count ? hidden[i] : 1;
            layers.Add(new Linear(inputs, outputs, rng));
            width = outputs;
        }
        _layers = [.. layers];
        if (init == InitScheme.DdpgPaper)
        {
            foreach (var l in _layers) Init.FanInUniform(l.Weight, l.Bias, rng);
            Init.SmallUniform(_layers[^1].Weight, _layers[^1].Bias, rng, 3e-4f);
        }
    }

    /// <summary>Q(s, a) as a [batch, 1] tensor.</summary>
    public Tensor Forward(Tensor observation, Tensor action)
    {
        var x = observation;
        for (int i = 0; i < _layers.Length; i++)
        {
            if (i == _actionLayer) x = Tensor.Cat([x, action], 1);
            x = _layers[i].Forward(x);
            if (i < _layers.Length - 1) x = x.Relu();
        }
        return x;
    }

    /// <summary>Not used: a critic needs the action too.</summary>
    public override Tensor Forward(Tensor input) => throw new InvalidOperationException("A Q-critic takes an observation and an action: call Forward(observation, action).");

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        for (int i = 0; i < _layers.Length; i++)
            foreach (var (n, t) in _layers[i].NamedParameters()) yield return ($"{i}.{n}", t);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children()
    {
        for (int i = 0; i < _layers.Length; i++) yield return (i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
    }
}

/// <summary>Maps actions between the networks' [-1, 1] and a Box's bounds.</summary>
public sealed class ActionScale
{
    private readonly float[] _low, _high;

    /// <summary>Creates the map for <paramref name="space"/>, which must be a bounded Box.</summary>
    public ActionScale(Space space, string algorithm)
    {
        if (space is not Box box) throw new ArgumentException($"{algorithm} needs a continuous (Box) action space; this environment's is {space}. Use dqn for discrete actions.");
        for (int i = 0; i < box.Low.Length; i++)
            if (!float.IsFinite(box.Low[i]) || !float.IsFinite(box.High[i])) throw new ArgumentException($"{algorithm} needs finite action bounds; element {i} is [{box.Low[i]}, {box.High[i]}]. Wrap the environment in ClipAction or RescaleAction.");
        _low = box.Low;
        _high = box.High;
    }

    /// <summary>Action dimensions.</summary>
    public int Size => _low.Length;

    /// <summary>From [-1, 1] to the environment's bounds (clipping first).</summary>
    public float[] ToEnv(ReadOnlySpan<float> unit)
    {
        var a = new float[_low.Length];
        for (int i = 0; i < a.Length; i++)
        {
            float u = Math.Clamp(unit[i], -1f, 1f);
            a[i] = _low[i] + 0.5f * (u + 1f) * (_high[i] - _low[i]);
        }
        return a;
    }

    /// <summary>From the environment's bounds to [-1, 1].</summary>
    public float[] ToUnit(ReadOnlySpan<float> action)
    {
        var u = new float[_low.Length];
        for (int i = 0; i < u.Length; i++) u[i] = 2f * (action[i] - _low[i]) / (_high[i] - _low[i]) - 1f;
        return u;
    }
}
