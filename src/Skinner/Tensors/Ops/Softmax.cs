namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>log Σ e^x along <paramref name="dim"/>, computed after subtracting the maximum (no overflow).</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        int d = Axis.Normalize(Rank, dim, "LogSumExp");
        var ax = Axis.Of(Shape, d, "LogSumExp");
        var output = Empty(Axis.Reduced(Shape, d, keepDim), ax.Outer * ax.Inner);
        var lane = new float[ax.Length];
        var tmp = new float[ax.Length];
        for (int k = 0; k < output.Numel; k++)
        {
            var x = LaneOf(Data, ax, k, lane);
            output.Data[k] = LaneLogSumExp(x, tmp);
        }
        return Autograd.Records(this) ? Record(output, new LogSumExpNode(this, ax)) : output;
    }

    /// <summary>e^x / Σ e^x along <paramref name="dim"/> (max-subtracted).</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>x - logsumexp(x) along <paramref name="dim"/> (max-subtracted).</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        var ax = Axis.Of(Shape, dim, log ? "LogSoftmax" : "Softmax");
        var output = Empty(Shape, Numel);
        if (IsShortLane(ax))
        {
            ShortLanes(Data, ax.Outer, ax.Length, log, output.Data);
            return Autograd.Records(this) ? Record(output, new SoftmaxNode(this, ax, log)) : output;
        }
        var lane = new float[ax.Length];
        var outLane = new float[ax.Length];
        for (int k = 0; k < ax.Outer * ax.Inner; k++)
        {
            var x = LaneOf(Data, ax, k, lane);
            var y = ax.Inner == 1 ? output.Data.AsSpan(k * ax.Length, ax.Length) : outLane;
            float lse = LaneLogSumExp(x, y); // leaves e^(x - max) in y
            if (log) Elementwise.Binary<SubtractOperator>(x, lse, y);
            else Elementwise.Binary<DivideOperator>(y, Elementwise.Sum(y), y);
            if (ax.Inner != 1) Lanes.Store(outLane, ax, k, output.Data);
        }
        return Autograd.Records(this) ? Record(output, new SoftmaxNode(this, ax, log)) : output;
    }

    // Contiguous lanes of fewer than four numbers (the logits of a policy over a few actions): the span helpers would
    // run only their scalar tails, behind a check and a dispatch per call and five calls per lane. The loops below are
    // those tails written out, in the same order, so the results are the same bit for bit.
    private static bool IsShortLane(Axis ax) => ax.Inner == 1 && ax.Length is > 0 and < 4;

    private static void ShortLanes(float[] x, int lanes, int length, bool log, float[] y)
    {
        for (int k = 0, at = 0; k < lanes; k++, at += length)
        {
            float m = float.NegativeInfinity;
            for (int j = 0; j < length; j++) m = MathF.Max(m, x[at + j]);
            float shift = float.IsInfinity(m) ? 0f : m;
            float sum = 0;
            for (int j = 0; j < length; j++) sum += y[at + j] = MathF.Exp(x[at + j] - shift);
            if (log)
            {
                float lse = shift + MathF.Log(sum);
                for (int j = 0; j < length; j++) y[at + j] = x[at + j] - lse;
            }
            else
            {
                for (int j = 0; j < length; j++) y[at + j] /= sum;
            }
        }
    }

    // The backward pass of ShortLanes, the scalar tails of the general loop written out in the same order.
    private static void ShortLanesBackward(float[] y, float[] g, int lanes, int length, bool log, float[] gx)
    {
        for (int k = 0, at = 0; k < lanes; k++, at += length)
        {
            if (log)
            {
                float gs = 0;
                for (int j = 0; j < length; j++) gs += g[at + j];
                for (int j = 0; j < length; j++) gx[at + j] += (MathF.Exp(y[at + j]) * -gs) + g[at + j];
            }
            else
            {
                float dot = 0;
                for (int j = 0; j < length; j++) dot += g[at + j] * y[at + j];
                for (int j = 0; j < length; j++) gx[at + j] += (g[at + j] - dot) * y[at + j];
            }
        }
    }

    // The lane itself when contiguous, else a copy in scratch.
    private static ReadOnlySpan<float> LaneOf(float[] data, Axis ax, int k, float[] scratch)
    {
        if (ax.Inner == 1) return data.AsSpan(k * ax.Length, ax.Length);
        Lanes.Load(data, ax, k, scratch);
        return scratch;
    }

    /// <summary>log Σ e^x; leaves e^(x - max) in tmp. An all -inf lane gives -inf, a +inf gives +inf.</summary>
    internal static float LaneLogSumExp(ReadOnlySpan<float> x, Span<float> tmp)
    {
        if (x.Length == 0) return float.NegativeInfinity;
        float m = Elementwise.Max(x);
        float shift = float.IsInfinity(m) ? 0f : m;
        Elementwise.Binary<SubtractOperator>(x, shift, tmp);
        Elementwise.Unary<ExpOperator>(tmp, tmp);
        return shift + MathF.Log(Elementwise.Sum(tmp));
    }

    private sealed class LogSumExpNode(Tensor x, Axis ax) : Node(x)
    {
        // d lse / dx = softmax(x) = e^(x - lse).
        internal override void Backward(Tensor grad)
        {
            var gx = A!.GradData();
            var lane = new float[ax.Length];
            var p = new float[ax.Length];
            for (int k = 0; k < Output.Numel; k++)
            {
                var x = LaneOf(A.Data, ax, k, lane);
                Elementwise.Binary<SubtractOperator>(x, Output.Data[k], p);
                Elementwise.Unary<ExpOperator>(p, p);
                Elementwise.Binary<MultiplyOperator>(p, grad.Data[k], p);
                AddLane(p, ax, k, gx);
            }
        }
    }

    private sealed class SoftmaxNode(Tensor x, Axis ax, bool log) : Node(x)
    {
        // softmax: g_x = p·(g - Σ g·p).  log-softmax: g_x = g - e^y·Σ g.
        internal override void Backward(Tensor grad)
        {
            var gx = A!.GradData();
            if (IsShortLane(ax))
            {
                ShortLanesBackward(Output.Data, grad.Data, ax.Outer, ax.Length, log, gx);
                return;
            }
            var yLane = new float[ax.Length];
            var gLane = new float[ax.Length];
            var d = new float[ax.Length];
            for (int k = 0; k < ax.Outer * ax.Inner; k++)
            {
                var y = LaneOf(Output.Data, ax, k, yLane);
                var g = LaneOf(grad.Data, ax, k, gLane);
                if (log)
                {
                    Elementwise.Unary<ExpOperator>(y, d);
                    Elementwise.Binary<MultiplyOperator>(d, -Elementwise.Sum(g), d);
                    Elementwise.AddInto(g, d);
                }
                else
                {
                    Elementwise.Binary<MultiplyOperator>(g, y, d);
                    float dot = Elementwise.Sum(d);
                    Elementwise.Binary<SubtractOperator>(g, dot, d);
                    Elementwise.Binary<MultiplyOperator>(d, y, d);
                }
                AddLane(d, ax, k, gx);
            }
        }
    }

    private static void AddLane(ReadOnlySpan<float> src, Axis ax, int k, float[] dst)
    {
        if (ax.Inner == 1) Elementwise.AddInto(src, dst.AsSpan(k * ax.Length, ax.Length));
        else Lanes.AddStore(src, ax, k, dst);
    }
}
