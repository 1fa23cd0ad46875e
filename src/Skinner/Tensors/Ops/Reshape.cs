namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>A view with another shape over the same data (one dim may be -1, inferred); the gradient is reshaped back.</summary>
    public Tensor Reshape(params int[] shape)
    {
        int[] resolved = ResolveShape(shape, Numel);
        var output = new Tensor(Data, resolved);
        return Autograd.Records(this) ? Record(output, new ReshapeNode(this)) : output;
    }

    /// <summary>Same as <see cref="Reshape"/> (tensors are always contiguous, so every reshape is a view).</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>Flattens every dim from <paramref name="startDim"/> on into one (e.g. <c>[N, C, H, W]</c> to <c>[N, C·H·W]</c>).</summary>
    public Tensor Flatten(int startDim = 1)
    {
        int d = Rank == 0 ? 0 : Axis.Normalize(Rank, startDim, "Flatten");
        var shape = new int[d + 1];
        Shape.AsSpan(0, d).CopyTo(shape);
        shape[d] = -1;
        return Reshape(shape);
    }

    /// <summary>Inserts a dim of size 1 at <paramref name="dim"/> (0..Rank; negative counts from the end).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Axis.Normalize(Rank + 1, dim, "Unsqueeze");
        var shape = new int[Rank + 1];
        for (int i = 0, j = 0; i < shape.Length; i++) shape[i] = i == d ? 1 : Shape[j++];
        return Reshape(shape);
    }

    /// <summary>Removes dim <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = Axis.Normalize(Rank, dim, "Squeeze");
        if (Shape[d] != 1) throw new ArgumentException($"Squeeze: dim {dim} of {ShapeText.Of(Shape)} has size {Shape[d]}, not 1.", nameof(dim));
        return Reshape(Axis.Reduced(Shape, d, keepDim: false));
    }

    /// <summary>Resolves a -1 in <paramref name="shape"/> and checks the element count.</summary>
    internal static int[] ResolveShape(int[] shape, int count)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var r = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < r.Length; i++)
        {
            if (r[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape {ShapeText.Of(shape)}: only one dim may be -1.", nameof(shape));
                infer = i;
            }
            else if (r[i] < 0) throw new ArgumentException($"Reshape {ShapeText.Of(shape)}: negative dim.", nameof(shape));
            else known *= r[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || count % known != 0) throw new ArgumentException($"Reshape: {count} elements do not fit {ShapeText.Of(shape)}.", nameof(shape));
            r[infer] = (int)(count / known);
        }
        else if (known != count) throw new ArgumentException($"Reshape: {count} elements do not fit {ShapeText.Of(shape)} ({known}).", nameof(shape));
        return r;
    }

    private sealed class ReshapeNode(Tensor x) : Node(x)
    {
        internal override void Backward(Tensor grad) => BackScaled(grad, A!);
    }
}
