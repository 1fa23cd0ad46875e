namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>The operation that produced this tensor while recording; null for leaves.</summary>
    internal Node? GradFn { get; private set; }

    /// <summary>True for tensors not produced by a recorded op (inputs, parameters, detached results).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// Back-propagates from this one-element tensor (a loss): every leaf that requires grad and reaches it
    /// gets d(this)/d(leaf) added to its <see cref="Grad"/>. Gradients of intermediate results are not kept.
    /// </summary>
    public void Backward()
    {
        if (Numel != 1)
            throw new InvalidOperationException($"Backward() needs a one-element tensor (a loss); this one has shape {ShapeText.Of(Shape)}. Reduce it first with Sum() or Mean(), or call Backward(gradient).");
        Backward(Ones(Shape));
    }

    /// <summary>Back-propagates with <paramref name="gradient"/> (same shape) as the upstream gradient of this tensor.</summary>
    public void Backward(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (!RequiresGrad)
            throw new InvalidOperationException("Backward() on a tensor that does not require grad: no parameter reaches it (was it computed under NoGrad, or from detached tensors?).");
        if (!gradient.Shape.AsSpan().SequenceEqual(Shape))
            throw new ArgumentException($"The gradient's shape {ShapeText.Of(gradient.Shape)} differs from the tensor's {ShapeText.Of(Shape)}.", nameof(gradient));
        Elementwise.AddInto(gradient.Data, GradData());
        Autograd.Run(this);
    }

    /// <summary>A tensor sharing this one's data that is not recorded and does not require grad.</summary>
    public Tensor Detach() => new(Data, Shape);

    /// <summary>Sets <see cref="Grad"/> to zeros (keeping its storage), or leaves it null if there is none.</summary>
    public void ZeroGrad()
    {
        if (Grad is { } g) Array.Clear(g.Data);
    }

    /// <summary>Marks this tensor as a leaf that requires grad; returns it (for chaining).</summary>
    public Tensor RequireGrad(bool requires = true)
    {
        RequiresGrad = requires;
        return this;
    }

    /// <summary>The gradient buffer, created as zeros on first use; backward passes add into it.</summary>
    internal float[] GradData()
    {
        var g = Grad;
        if (g is null)
        {
            g = new Tensor(new float[Data.Length], Shape);
            Grad = g;
        }
        return g.Data;
    }

    /// <summary>Makes <paramref name="output"/> the result of the recorded <paramref name="node"/>.</summary>
    internal static Tensor Record(Tensor output, Node node)
    {
        node.Output = output;
        output.GradFn = node;
        output.RequiresGrad = true;
        return output;
    }
}
