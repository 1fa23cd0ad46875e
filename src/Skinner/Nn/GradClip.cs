using System.Globalization;
using System.Numerics;
using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>
/// Gradient clipping with PyTorch's semantics (<c>clip_grad_norm_</c>, <c>clip_grad_value_</c>).
/// Parameters whose <see cref="Tensor.Grad"/> is null are ignored.
/// </summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients together so that their joint norm is at most <paramref name="maxNorm"/>:
    /// total = (Σ over every element of every gradient of |g|^p)^(1/p), or max |g| when
    /// <paramref name="normType"/> is <see cref="double.PositiveInfinity"/>; every gradient is multiplied by
    /// maxNorm / (total + 1e-6) when that is below 1. Returns the total norm before clipping (0 when no
    /// parameter has a gradient; NaN or infinity when a gradient is not finite, in which case the gradients
    /// become NaN, as in PyTorch).
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">Largest allowed norm; finite and ≥ 0.</param>
    /// <param name="normType">p of the p-norm: &gt; 0, or infinity; default 2.</param>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0) || double.IsInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be finite and non-negative; got {Text(maxNorm)}.");
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, $"normType must be positive (2 for the Euclidean norm, double.PositiveInfinity for the largest magnitude); got {Text(normType)}.");
        var grads = Gradients(parameters);
        if (grads.Count == 0) return 0;
        double total = double.IsPositiveInfinity(normType) ? MaxAbs(grads) : PNorm(grads, normType);
        // The coefficient is a float32 scalar in PyTorch; rounding it the same way keeps results equal.
        float coef = (float)(maxNorm / (total + 1e-6));
        if (!(coef >= 1f))
        {
            foreach (var g in grads) Scale(g.Data, coef);
        }
        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] (finite, ≥ 0).</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0) || double.IsInfinity(clipValue))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, $"clipValue must be finite and non-negative; got {Text(clipValue)}.");
        float hi = (float)clipValue;
        foreach (var g in Gradients(parameters)) Clamp(g.Data, -hi, hi);
    }

    private static List<Tensor> Gradients(IEnumerable<Tensor> parameters)
    {
        var grads = new List<Tensor>();
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (p.Grad is { } g) grads.Add(g);
        }
        return grads;
    }

    private static double PNorm(List<Tensor> grads, double p)
    {
        double sum = 0;
        foreach (var g in grads) sum += p == 2 ? SumSquares(g.Data) : SumPow(g.Data, p);
        return p == 2 ? Math.Sqrt(sum) : Math.Pow(sum, 1 / p);
    }

    // Squares are summed in double: float32 sums of many squares drift, and the norm decides the clip.
    private static double SumSquares(ReadOnlySpan<float> x)
    {
        int w = Vector<float>.Count;
        var acc = Vector<double>.Zero;
        int i = 0;
        for (; i <= x.Length - w; i += w)
        {
            Vector.Widen(new Vector<float>(x[i..]), out var lo, out var hi);
            acc += lo * lo + hi * hi;
        }
        double sum = Vector.Sum(acc);
        for (; i < x.Length; i++) sum += (double)x[i] * x[i];
        return sum;
    }

    private static double SumPow(ReadOnlySpan<float> x, double p)
    {
        double sum = 0;
        foreach (float v in x) sum += Math.Pow(Math.Abs(v), p);
        return sum;
    }

    private static double MaxAbs(List<Tensor> grads)
    {
        float max = 0;
        foreach (var g in grads)
        {
            foreach (float v in g.Data)
            {
                float a = MathF.Abs(v);
                if (float.IsNaN(a)) return double.NaN;
                if (a > max) max = a;
            }
        }
        return max;
    }

    private static void Scale(Span<float> x, float c)
    {
        int w = Vector<float>.Count;
        int i = 0;
        for (; i <= x.Length - w; i += w) (new Vector<float>(x[i..]) * c).CopyTo(x[i..]);
        for (; i < x.Length; i++) x[i] *= c;
    }

    private static void Clamp(Span<float> x, float lo, float hi)
    {
        int w = Vector<float>.Count;
        var vlo = new Vector<float>(lo);
        var vhi = new Vector<float>(hi);
        int i = 0;
        for (; i <= x.Length - w; i += w) Vector.Min(Vector.Max(new Vector<float>(x[i..]), vlo), vhi).CopyTo(x[i..]);
        for (; i < x.Length; i++) x[i] = Math.Min(Math.Max(x[i], lo), hi);
    }

    private static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
