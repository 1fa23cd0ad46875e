using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// A building block of networks. Every module lists its parameters and buffers explicitly
/// (no reflection), so the library stays trimmable and AOT compatible.
/// </summary>
public abstract class Module
{
    /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Learnable tensors with their dotted names, e.g. <c>0.weight</c>, in a fixed order.</summary>
    public abstract IEnumerable<(string Name, Tensor Tensor)> NamedParameters();

    /// <summary>Non-learnable state that is saved with the module (e.g. batch-norm running statistics).</summary>
    public virtual IEnumerable<(string Name, Tensor Tensor)> NamedBuffers() => [];

    /// <summary>Child modules with their names; used to propagate the train/eval mode.</summary>
    public virtual IEnumerable<(string Name, Module Module)> Children() => [];

    /// <summary>The learnable tensors, in the order of <see cref="NamedParameters"/>.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>Parameters and buffers by name: everything needed to save and restore the module.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> StateDict() => [.. NamedParameters(), .. NamedBuffers()];

    /// <summary>Sets training or evaluation mode on this module and its children.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in Children()) child.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: same as <c>Train(false)</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Freezes the parameters until the returned scope is disposed, as PyTorch's <c>requires_grad_(False)</c>:
    /// gradients still flow through the module to its inputs, but a backward pass run inside the scope computes
    /// none for its parameters (a linear layer then skips its weight-gradient product). The actor updates of DDPG,
    /// TD3 and SAC freeze the critic, whose own gradients from that pass would only be cleared before its next step.
    /// Disposing the scope makes the parameters that required gradients before require them again.
    /// </summary>
    public FrozenScope Frozen()
    {
        var frozen = new List<Tensor>();
        foreach (var p in Parameters())
        {
            if (!p.RequiresGrad) continue;
            p.RequiresGrad = false;
            frozen.Add(p);
        }
        return new FrozenScope(frozen);
    }
}

/// <summary>The parameters that <see cref="Module.Frozen"/> froze; disposing it makes them require gradients again.</summary>
public readonly struct FrozenScope : IDisposable
{
    private readonly List<Tensor>? _frozen;

    internal FrozenScope(List<Tensor> frozen) => _frozen = frozen;

    /// <summary>Makes the frozen parameters require gradients again.</summary>
    public void Dispose()
    {
        if (_frozen is null) return;
        foreach (var p in _frozen) p.RequiresGrad = true;
    }
}
