using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>How a loss reduces its per-element values.</summary>
public enum Reduction
{
    /// <summary>The mean over elements (samples for cross-entropy).</summary>
    Mean,

    /// <summary>The sum.</summary>
    Sum,

    /// <summary>No reduction: the per-element (per-sample) losses.</summary>
    None,
}

/// <summary>
/// Losses as in PyTorch, composed from differentiable primitives (so their gradients come for free).
/// Regression losses require input and target of the same shape: broadcasting [B] against [B, 1] is the
/// classic silent bug, so it is an error here.
/// </summary>
public static class Losses
{
    /// <summary>Mean squared error: mean (or sum) of (input - target)².</summary>
    public static Tensor Mse(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Mse");
        return Reduce((input - target).Square(), reduction);
    }

    /// <summary>
    /// Huber loss: 0.5·d² where |d| ≤ delta, else delta·(|d| - 0.5·delta), with d = input - target.
    /// Written as 0.5·q² + delta·(|d| - q) with q = min(|d|, delta), which has the right gradient on both sides.
    /// </summary>
    public static Tensor Huber(Tensor input, Tensor target, float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Huber");
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber needs delta > 0.");
        return Reduce(HuberElements(input - target, delta), reduction);
    }

    /// <summary>Smooth L1: 0.5·d²/beta where |d| &lt; beta, else |d| - 0.5·beta (Huber/beta; plain L1 when beta is 0).</summary>
    public static Tensor SmoothL1(Tensor input, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "SmoothL1");
        if (!(beta >= 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "SmoothL1 needs beta >= 0.");
        var d = input - target;
        var e = beta == 0f ? d.Abs() : HuberElements(d, beta) * (1f / beta);
        return Reduce(e, reduction);
    }

    /// <summary>
    /// Cross-entropy from logits <c>[B, C]</c> and class targets <c>[B]</c>: logsumexp(logits_i) - logits_i[target_i],
    /// averaged over the batch (or summed).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, IntTensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.Rank != 2 || target.Shape.Length != 1 || target.Shape[0] != logits.Shape[0])
            throw new ArgumentException($"CrossEntropy needs logits [B, C] and targets [B]; got {ShapeText(logits.Shape)} and {ShapeText(target.Shape)}.");
        var picked = logits.LogSoftmax(1).Gather(1, target.Reshape(-1, 1)).Reshape(-1);
        return Reduce(picked.Neg(), reduction);
    }

    private static Tensor HuberElements(Tensor d, float delta)
    {
        var a = d.Abs();
        var q = a.Clamp(max: delta);
        return q.Square() * 0.5f + (a - q) * delta;
    }

    private static Tensor Reduce(Tensor t, Reduction reduction) => reduction switch
    {
        Reduction.Mean => t.Mean(),
        Reduction.Sum => t.Sum(),
        Reduction.None => t,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };

    private static void CheckSameShape(Tensor input, Tensor target, string loss)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!input.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new ArgumentException($"{loss}: input {ShapeText(input.Shape)} and target {ShapeText(target.Shape)} differ in shape; reshape one (e.g. Squeeze(1) or Reshape(-1, 1)) so they match.");
    }

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
