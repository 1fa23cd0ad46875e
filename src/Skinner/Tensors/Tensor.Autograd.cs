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
            g = new Tensor(NewGradient(zeroed: true), Shape);
            Grad = g;
        }
        return g.Data;
    }

    /// <summary>
    /// The gradient buffer for a contribution that covers every element: returns it and whether to add into it.
    /// On first use the buffer is fresh and NOT initialised, and the caller overwrites it (accumulate false),
    /// which saves clearing and re-reading a buffer per tensor per backward pass.
    /// </summary>
    internal float[] GradForWrite(out bool accumulate)
    {
        if (Grad is { } g)
        {
            accumulate = true;
            return g.Data;
        }
        var data = NewGradient(zeroed: false);
        Grad = new Tensor(data, Shape);
        accumulate = false;
        return data;
    }

    /// <summary>
    /// A buffer for this tensor's gradient. A leaf's gradient is the caller's to keep, so it is allocated; an
    /// intermediate one lives only through the backward pass, so it comes from the thread's recycled buffers.
    /// </summary>
    private float[] NewGradient(bool zeroed)
    {
        if (GradFn is null) return zeroed ? new float[Data.Length] : GC.AllocateUninitializedArray<float>(Data.Length);
        var data = Autograd.RentGradient(Data.Length);
        if (zeroed) Array.Clear(data);
        return data;
    }

    /// <summary>target.grad += T(g, v) elementwise, writing instead of adding when the gradient is new.</summary>
    internal static void BackInto<T>(ReadOnlySpan<float> g, ReadOnlySpan<float> v, Tensor target) where T : IBinaryOperator
    {
        var dst = target.GradForWrite(out bool accumulate);
        if (accumulate) Elementwise.BinaryAccumulate<T>(g, v, dst);
        else Elementwise.Binary<T>(g, v, dst);
    }

    /// <summary>target.grad += scale · g for a same-sized contribution (broadcast ones are summed back to the target's shape).</summary>
    internal static void BackScaled(Tensor grad, Tensor target, float scale = 1f)
    {
        if (grad.Numel != target.Numel)
        {
            Broadcast.SumTo(grad.Data, grad.Shape, target.GradData(), target.Shape, scale);
            return;
        }
        var dst = target.GradForWrite(out bool accumulate);
        if (accumulate) Elementwise.AddScaledInto(grad.Data, scale, dst);
        else Elementwise.Binary<MultiplyOperator>(grad.Data, scale, dst);
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
