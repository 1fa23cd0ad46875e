namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// The fused affine map <c>x·Wᵀ + b</c> of a layer: <paramref name="x"/> is <c>[..., in]</c> (leading dims
    /// are batch), <paramref name="weight"/> <c>[out, in]</c>, <paramref name="bias"/> <c>[out]</c> or null.
    /// One node, three GEMM-based gradients: <c>g·W</c>, <c>gᵀ·x</c>, and the column sums of g.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null) => Affine(x, weight, bias, FusedActivation.None);

    /// <summary>
    /// <c>relu(x·Wᵀ + b)</c> as one op: the same values and gradients as <see cref="Linear"/> followed by
    /// <see cref="Relu"/>, with one output buffer instead of two and no separate pass over the activations.
    /// </summary>
    public static Tensor LinearRelu(Tensor x, Tensor weight, Tensor? bias = null) => Affine(x, weight, bias, FusedActivation.Relu);

    /// <summary>
    /// <c>tanh(x·Wᵀ + b)</c> as one op: the same values and gradients as <see cref="Linear"/> followed by
    /// <see cref="Tanh"/>, bit for bit, with one output buffer instead of two (the hidden layers of the on-policy
    /// agents' networks).
    /// </summary>
    public static Tensor LinearTanh(Tensor x, Tensor weight, Tensor? bias = null) => Affine(x, weight, bias, FusedActivation.Tanh);

    internal enum FusedActivation
    {
        None,
        Relu,
        Tanh,
    }

    private static Tensor Affine(Tensor x, Tensor weight, Tensor? bias, FusedActivation activation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || x.Rank == 0 || x.Shape[^1] != weight.Shape[1])
            throw new ArgumentException($"Linear needs x [..., in] and weight [out, in]; got x {ShapeText.Of(x.Shape)} and weight {ShapeText.Of(weight.Shape)}.");
        int outF = weight.Shape[0], inF = weight.Shape[1];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outF))
            throw new ArgumentException($"Linear bias must be [{outF}]; got {ShapeText.Of(bias.Shape)}.", nameof(bias));
        int rows = inF == 0 ? 0 : x.Numel / inF;
        int[] shape = (int[])x.Shape.Clone();
        shape[^1] = outF;
        var output = Empty(shape, rows * outF);
        AffineInto(x.Data, rows, weight, bias, activation, output.Data);
        bool records = Autograd.Records(x, weight) || (bias is not null && Autograd.Records(bias));
        return records ? Record(output, new LinearNode(x, weight, bias, rows, activation)) : output;
    }

    /// <summary>
    /// The forward arithmetic of <see cref="Linear"/> and its fused forms on raw buffers, without the tape:
    /// <paramref name="output"/> (<paramref name="rows"/> × out) gets act(x·Wᵀ + b) for the first rows × in values
    /// of <paramref name="x"/>. Shapes are the caller's to check. Acting paths use it to reproduce the tensor ops
    /// bit for bit without allocating.
    /// </summary>
    internal static void AffineInto(ReadOnlySpan<float> x, int rows, Tensor weight, Tensor? bias, FusedActivation activation, Span<float> output)
    {
        int outF = weight.Shape[0], inF = weight.Shape[1];
        output = output[..(rows * outF)];
        // The bias starts each row's sums: the same numbers as a copy of it in every row then a product added to them.
        if (bias is not null) Gemm.MultiplyAddRow(false, true, rows, outF, inF, x[..(rows * inF)], inF, weight.Data, inF, bias.Data, output, outF);
        else Gemm.Multiply(false, true, rows, outF, inF, x[..(rows * inF)], inF, weight.Data, inF, output, outF, accumulate: false);
        if (activation == FusedActivation.Relu) Elementwise.Unary<ReluOperator>(output, output);
        else if (activation == FusedActivation.Tanh) Elementwise.UnaryPaired<TanhOperator>(output, output);
    }

    /// <summary>The fewest multiply-adds per gradient product for which a layer's two products run side by side.</summary>
    private const long MinSideBySide = 600_000;

    private sealed class LinearNode(Tensor x, Tensor weight, Tensor? bias, int rows, FusedActivation activation) : Node(x, weight)
    {
        private readonly Tensor[]? _more = bias is null ? null : [bias];

        internal override Tensor[]? More => _more;

        internal override void Backward(Tensor grad)
        {
            // Through the activation first, in place: the upstream gradient is this pass's own buffer and dead after
            // this node (see Autograd.Run), so it is masked where a relu is off, or scaled by 1 - tanh², rather than copied.
            if (activation == FusedActivation.Relu) Elementwise.Binary<ReluGradOperator>(grad.Data, Output.Data, grad.Data);
            else if (activation == FusedActivation.Tanh) Elementwise.Binary<TanhGradOperator>(grad.Data, Output.Data, grad.Data);
            Affine(grad.Data);
        }

        private void Affine(float[] g)
        {
            int outF = B!.Shape[0], inF = B.Shape[1];
            long work = (long)rows * inF * outF;
            // The input's and the weight's gradients are independent products of the same size. One too small to be
            // split across threads by itself, but worth a hand-off, runs beside the other on a helper thread. A leaf
            // weight's gradient is needed by nothing else in the pass, so the pass goes on while it is computed (the
            // layers below, their own products) and joins it before anything touches that weight, or at its end.
            if (A!.RequiresGrad && B.RequiresGrad && !ReferenceEquals(A, B) && work >= MinSideBySide && work < Gemm.ParallelThreshold)
            {
                var gx = A.GradForWrite(out bool accumulateX);
                var gw = B.GradForWrite(out bool accumulateW);
                if (B.GradFn is not null)
                {
                    HelperThreads.Both(() => InputGradient(g, gx, accumulateX), () => WeightGradient(g, gw, accumulateW));
                }
                else
                {
                    if (!Autograd.Defer(B, g, () => WeightGradient(g, gw, accumulateW))) WeightGradient(g, gw, accumulateW);
                    InputGradient(g, gx, accumulateX);
                }
            }
            else
            {
                if (A.RequiresGrad) InputGradient(g, A.GradForWrite(out bool accumulate), accumulate);
                if (B.RequiresGrad) WeightGradient(g, B.GradForWrite(out bool accumulate), accumulate);
            }
            if (bias is { RequiresGrad: true })
            {
                Elementwise.AddRowsInto(g.AsSpan(0, rows * outF), rows, bias.GradData());
            }
        }

        // g·W into the input's gradient, and gᵀ·x into the weight's. Fresh gradients are written, not added (the
        // products overwrite when accumulate is false).
        private void InputGradient(float[] g, float[] gx, bool accumulate)
        {
            int outF = B!.Shape[0], inF = B.Shape[1];
            Gemm.Multiply(false, false, rows, inF, outF, g, outF, B.Data, inF, gx, inF, accumulate);
        }

        private void WeightGradient(float[] g, float[] gw, bool accumulate)
        {
            int outF = B!.Shape[0], inF = B.Shape[1];
            Gemm.Multiply(true, false, outF, inF, rows, g, outF, A!.Data, inF, gw, inF, accumulate);
        }
    }
}
