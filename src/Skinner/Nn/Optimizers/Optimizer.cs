using System.Globalization;
using Skinner.Tensors;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// Updates a fixed list of parameter tensors from their gradients. Subclasses implement one update rule
/// (<see cref="Sgd"/>, <see cref="Adam"/>, <see cref="RmsProp"/>) with PyTorch 1.13's arithmetic and defaults.
/// <para>
/// A parameter whose <see cref="Tensor.Grad"/> is null is skipped by <see cref="Step()"/>, and its step count
/// does not advance, as in PyTorch. Each parameter keeps its own step count (used by bias corrections).
/// Not thread-safe: two threads stepping at once interleave their updates element by element, which A3C's lock-free
/// (Hogwild) mode accepts; its locked mode takes a lock around each step.
/// </para>
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly long[] _steps;
    private readonly Dictionary<string, float[]>[] _state;
    private double _learningRate;

    /// <summary>Takes the rule's <paramref name="kind"/>, the parameters to update (in a fixed order) and the initial learning rate.</summary>
    protected Optimizer(string kind, IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(parameters);
        Kind = kind;
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
            throw new ArgumentException("The optimizer got no parameters; pass module.Parameters() of a module that has learnable tensors.", nameof(parameters));
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null) throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
            if (!seen.Add(_parameters[i]))
                throw new ArgumentException($"Parameter {i} ({_parameters[i]}) appears twice in the list; pass each tensor once.", nameof(parameters));
        }
        _steps = new long[_parameters.Length];
        _state = new Dictionary<string, float[]>[_parameters.Length];
        for (int i = 0; i < _state.Length; i++) _state[i] = new Dictionary<string, float[]>(StringComparer.Ordinal);
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order given to the constructor (state is indexed by this order).</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>
    /// The learning rate used by the next <see cref="Step()"/>. Settable, so that schedules can change it
    /// between steps. Must be finite and non-negative.
    /// </summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"{Kind} learning rate must be finite and non-negative; got {value.ToString(CultureInfo.InvariantCulture)}.");
            _learningRate = value;
        }
    }

    /// <summary>A short lower-case name of the update rule (<c>sgd</c>, <c>adam</c>, <c>rmsprop</c>), stored in checkpoints.</summary>
    public string Kind { get; }

    /// <summary>How many updates parameter <paramref name="index"/> has received (steps where it had a gradient).</summary>
    public long StepCount(int index) => _steps[index];

    /// <summary>
    /// Names of the state buffers this configuration keeps per parameter (PyTorch's names, e.g.
    /// <c>exp_avg</c>). Every parameter that has taken a step has all of them.
    /// </summary>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>
    /// Applies one update to every parameter that has a gradient. Gradient shapes are checked for all
    /// parameters before any is changed.
    /// </summary>
    public void Step()
    {
        for (int i = 0; i < _parameters.Length; i++) CheckGradient(i, _parameters[i].Grad);
        TakeAll(null);
    }

    /// <summary>
    /// Applies one update from <paramref name="gradients"/> (one per parameter, in the constructor's order; a null
    /// entry skips its parameter) instead of the parameters' own <see cref="Tensor.Grad"/>, which is left as it is.
    /// A3C's workers hand their gradients to the shared optimizer this way, so that two workers stepping at once
    /// never read each other's. Shapes are checked before any parameter is changed.
    /// </summary>
    public void Step(IReadOnlyList<Tensor?> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != _parameters.Length)
            throw new ArgumentException($"The optimizer has {_parameters.Length} parameters but got {gradients.Count} gradients; pass one per parameter, in the order the optimizer was given them.", nameof(gradients));
        for (int i = 0; i < _parameters.Length; i++) CheckGradient(i, gradients[i]);
        TakeAll(gradients);
    }

    /// <summary>The fewest numbers to update for which a step runs in two halves, the second on a helper thread.</summary>
    private const long MinSplitStep = 4096;

    // Every parameter's update (from its own gradient when `gradients` is null). With enough numbers, and once every
    // updated parameter has its state (a first step may create it, which two threads must not do at once), the numbers
    // of all parameters in order are cut in two and the second half runs on a helper thread. The rules are
    // elementwise and give each number the same update wherever a run starts or ends, so the results are the same.
    private void TakeAll(IReadOnlyList<Tensor?>? gradients)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (GradientOf(gradients, i) is not null) _steps[i]++;
        }
        long split = SplitAt(gradients);
        if (split == 0) UpdateNumbers(gradients, 0, long.MaxValue);
        else HelperThreads.Both(() => UpdateNumbers(gradients, 0, split), () => UpdateNumbers(gradients, split, long.MaxValue));
    }

    /// <summary>
    /// Where a step cuts the numbers of the parameters that have gradients (counted in parameter order), at a multiple
    /// of 16 within its parameter so that the two threads share no cache line of it; 0 when the step runs whole.
    /// </summary>
    internal long SplitAt(IReadOnlyList<Tensor?>? gradients)
    {
        long total = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (GradientOf(gradients, i) is null) continue;
            total += _parameters[i].Numel;
            foreach (string name in StateNames)
            {
                if (!_state[i].ContainsKey(name)) return 0;
            }
        }
        if (total < MinSplitStep) return 0;
        long before = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (GradientOf(gradients, i) is null) continue;
            int length = _parameters[i].Numel;
            if (2 * (before + length) > total) return before + ((total / 2 - before) & ~15L);
            before += length;
        }
        return 0;
    }

    private Tensor? GradientOf(IReadOnlyList<Tensor?>? gradients, int i) => gradients is null ? _parameters[i].Grad : gradients[i];

    // Updates the numbers from `from` up to `to` of the parameters that have gradients, counted in parameter order.
    private void UpdateNumbers(IReadOnlyList<Tensor?>? gradients, long from, long to)
    {
        long at = 0;
        for (int i = 0; i < _parameters.Length && at < to; i++)
        {
            if (GradientOf(gradients, i) is not { } gradient) continue;
            int length = _parameters[i].Numel;
            long start = Math.Max(from, at), end = Math.Min(to, at + length);
            if (start < end)
            {
                int offset = (int)(start - at), count = (int)(end - start);
                Update(i, offset, _parameters[i].Data.AsSpan(offset, count), gradient.Data.AsSpan(offset, count), _steps[i]);
            }
            at += length;
        }
    }

    private void CheckGradient(int i, Tensor? gradient)
    {
        var p = _parameters[i];
        if (gradient is not null && !p.Shape.AsSpan().SequenceEqual(gradient.Shape))
            throw new InvalidOperationException($"Parameter {i} has shape {ShapeText(p.Shape)} but its gradient has shape {ShapeText(gradient.Shape)}; a gradient must have its parameter's shape.");
    }

    /// <summary>
    /// Clears the gradients. By default sets every <see cref="Tensor.Grad"/> to null (PyTorch 2's default),
    /// so that a parameter that gets no gradient before the next <see cref="Step()"/> is skipped rather than
    /// updated with a zero gradient (which would still move it through momentum). With
    /// <paramref name="setToNone"/> false, existing gradients are filled with zeros instead, keeping their arrays.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in _parameters)
        {
            if (setToNone) p.Grad = null;
            else p.Grad?.Data.AsSpan().Clear();
        }
    }

    /// <summary>
    /// Updates the numbers of parameter <paramref name="index"/> from <paramref name="offset"/> on, in place:
    /// <paramref name="param"/> and <paramref name="grad"/> are that run of the parameter and its gradient (the whole
    /// of them unless a step is split across threads), and the rule's state buffers are to be taken over the same run;
    /// <paramref name="step"/> counts from 1.
    /// </summary>
    protected abstract void Update(int index, int offset, Span<float> param, ReadOnlySpan<float> grad, long step);

    /// <summary>The state buffer <paramref name="name"/> of a parameter, created filled with zeros on first use.</summary>
    protected float[] State(int index, string name)
    {
        var s = _state[index];
        if (!s.TryGetValue(name, out var buffer))
        {
            buffer = new float[_parameters[index].Numel];
            s.Add(name, buffer);
        }
        return buffer;
    }

    /// <summary>The state buffer if it exists (some rules treat a missing buffer differently from zeros).</summary>
    protected bool TryGetState(int index, string name, out float[] buffer) => _state[index].TryGetValue(name, out buffer!);

    /// <summary>
    /// A copy of the optimizer's state: the learning rate, every parameter's step count, and every state
    /// buffer as a tensor named <c>{parameter index}.{buffer name}</c> (e.g. <c>0.exp_avg</c>).
    /// </summary>
    public OptimizerState ExportState()
    {
        var tensors = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < _state.Length; i++)
        {
            foreach (var (name, buffer) in _state[i])
                tensors.Add(StateKey(i, name), new Tensor((float[])buffer.Clone(), (int[])_parameters[i].Shape.Clone()));
        }
        return new OptimizerState(Kind, LearningRate, [.. _steps], tensors);
    }

    /// <summary>
    /// Replaces this optimizer's state with <paramref name="state"/> (copied): buffers, step counts and the
    /// learning rate (as PyTorch's <c>load_state_dict</c> restores it). Everything is validated first
    /// (see <see cref="ValidateState"/>); on error nothing changes.
    /// </summary>
    public void ImportState(OptimizerState state)
    {
        ValidateState(state);
        for (int i = 0; i < _state.Length; i++) _state[i].Clear();
        foreach (var (key, tensor) in state.Tensors)
        {
            var (index, name) = ParseKey(key)!.Value;
            _state[index][name] = (float[])tensor.Data.Clone();
        }
        state.Steps.ToArray().CopyTo(_steps, 0);
        LearningRate = state.LearningRate;
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="state"/> fits this optimizer: same kind,
    /// one non-negative step count per parameter, only known buffer names and parameter indices, every
    /// buffer with its parameter's shape, and all buffers present for each parameter that has stepped.
    /// </summary>
    public void ValidateState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != Kind)
            throw new InvalidDataException($"The saved optimizer state is for '{state.Kind}' but this optimizer is '{Kind}'; create the same optimizer type that wrote the checkpoint, or load without the optimizer.");
        if (!(state.LearningRate >= 0) || double.IsInfinity(state.LearningRate))
            throw new InvalidDataException($"The saved learning rate {state.LearningRate.ToString(CultureInfo.InvariantCulture)} is not a finite non-negative number.");
        if (state.Steps.Count != _parameters.Length)
            throw new InvalidDataException($"The saved optimizer state has step counts for {state.Steps.Count} parameters but this optimizer has {_parameters.Length}; the module's parameters differ from those that were saved.");
        var present = new HashSet<(int, string)>();
        foreach (var (key, tensor) in state.Tensors)
        {
            if (ParseKey(key) is not var (index, name) || index >= _parameters.Length || !StateNames.Contains(name))
                throw new InvalidDataException($"Unexpected optimizer state tensor '{key}': this {Kind} optimizer keeps [{string.Join(", ", StateNames)}] for parameters 0..{_parameters.Length - 1}. Were the options (momentum, amsgrad, centered) different when it was saved?");
            if (!_parameters[index].Shape.AsSpan().SequenceEqual(tensor.Shape))
                throw new InvalidDataException($"Optimizer state tensor '{key}' has shape {ShapeText(tensor.Shape)} but parameter {index} has shape {ShapeText(_parameters[index].Shape)}.");
            present.Add((index, name));
        }
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (state.Steps[i] < 0) throw new InvalidDataException($"The saved step count of parameter {i} is negative ({state.Steps[i]}).");
            if (state.Steps[i] == 0) continue;
            foreach (string name in StateNames)
            {
                if (!present.Contains((i, name)))
                    throw new InvalidDataException($"Optimizer state tensor '{StateKey(i, name)}' is missing although parameter {i} has taken {state.Steps[i]} steps. Were the options (momentum, amsgrad, centered) different when it was saved?");
            }
        }
    }

    private static string StateKey(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"{index}.{name}");

    private static (int Index, string Name)? ParseKey(string key)
    {
        int dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == key.Length - 1) return null;
        if (!int.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return null;
        return (index, key[(dot + 1)..]);
    }

    internal static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
