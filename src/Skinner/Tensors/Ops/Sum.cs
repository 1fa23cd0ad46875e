namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements, as a 0-d tensor.</summary>
    public Tensor Sum() => ReduceAll(1f, mean: false);

    /// <summary>Mean of all elements, as a 0-d tensor.</summary>
    public Tensor Mean() => ReduceAll(1f / Math.Max(1, Numel), mean: true);

    /// <summary>Sum along <paramref name="dim"/> (negative counts from the end); the dim is dropped unless <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => ReduceDim(dim, keepDim, mean: false);

    /// <summary>Mean along <paramref name="dim"/>; the dim is dropped unless <paramref name="keepDim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => ReduceDim(dim, keepDim, mean: true);

    private Tensor ReduceAll(float scale, bool mean)
    {
        float s = Elementwise.Sum(Data);
        var output = Scalar(mean ? s / Numel : s);
        return Autograd.Records(this) ? Record(output, new SumAllNode(this, scale)) : output;
    }

    private Tensor ReduceDim(int dim, bool keepDim, bool mean)
    {
        int d = Axis.Normalize(Rank, dim, mean ? "Mean" : "Sum");
        var ax = Axis.Of(Shape, d, "Sum");
        int[] shape = Axis.Reduced(Shape, d, keepDim);
        var output = new Tensor(new float[ax.Outer * ax.Inner], shape); // zeroed: the inner > 1 path accumulates
        var o = output.Data.AsSpan();
        var x = Data.AsSpan();
        for (int i = 0; i < ax.Outer; i++)
        {
            var block = x.Slice(i * ax.Length * ax.Inner, ax.Length * ax.Inner);
            if (ax.Inner == 1) o[i] = Elementwise.Sum(block);
            else
            {
                var dst = o.Slice(i * ax.Inner, ax.Inner);
                for (int j = 0; j < ax.Length; j++) Elementwise.AddInto(block.Slice(j * ax.Inner, ax.Inner), dst);
            }
        }
        if (mean) Elementwise.Binary<DivideOperator>(output.Data, ax.Length, output.Data);
        float scale = mean ? 1f / Math.Max(1, ax.Length) : 1f;
        return Autograd.Records(this) ? Record(output, new SumDimNode(this, ax, scale)) : output;
    }

    private sealed class SumAllNode(Tensor x, float scale) : Node(x)
    {
        internal override void Backward(Tensor grad) => Elementwise.AddScalarInto(grad.Data[0] * scale, A!.GradData());
    }

    private sealed class SumDimNode(Tensor x, Axis ax, float scale) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            var gx = A!.GradData().AsSpan();
            var g = grad.Data.AsSpan();
            for (int i = 0; i < ax.Outer; i++)
            {
                var block = gx.Slice(i * ax.Length * ax.Inner, ax.Length * ax.Inner);
                if (ax.Inner == 1) Elementwise.AddScalarInto(g[i] * scale, block);
                else
                {
                    var src = g.Slice(i * ax.Inner, ax.Inner);
                    for (int j = 0; j < ax.Length; j++) Elementwise.AddScaledInto(src, scale, block.Slice(j * ax.Inner, ax.Inner));
                }
            }
        }
    }
}
