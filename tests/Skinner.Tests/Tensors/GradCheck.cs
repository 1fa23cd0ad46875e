using Skinner.Tensors;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>
/// Finite-difference gradient checks. The loss is <c>L = Σ out·w</c> with fixed random weights w (so every
/// output element matters with a different weight); the analytic gradient from backward is compared with
/// central differences <c>(L(x+h) - L(x-h)) / (x+h - (x-h))</c> taken on the float32 op and summed in float64,
/// within <c>tol·(1 + |analytic|)</c>. Inputs should stay away from kinks (relu at 0, clamp bounds, ties).
/// </summary>
public static class GradCheck
{
    /// <summary>Random values uniform on [lo, hi) from a fixed seed.</summary>
    public static Tensor Random(int seed, double lo, double hi, params int[] shape)
    {
        var rng = new Rng((ulong)seed);
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)rng.Uniform(lo, hi);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Checks the gradients of <paramref name="f"/> with respect to every input that requires grad.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double h = 1e-2, double tol = 2e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var x in inputs) x.Grad = null;
        var output = f(inputs);
        var w = Random(12345, -1, 1, output.Shape);
        w.RequiresGrad = false;
        output.Backward(w);
        var analytic = inputs.Select(x => x.Grad is null ? new float[x.Numel] : (float[])x.Grad.Data.Clone()).ToArray();
        bool anyNonZero = false;
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.RequiresGrad) continue;
            for (int j = 0; j < x.Numel; j++)
            {
                float orig = x.Data[j];
                float plus = (float)(orig + h), minus = (float)(orig - h);
                x.Data[j] = plus;
                double lp = Loss(f, inputs, w);
                x.Data[j] = minus;
                double lm = Loss(f, inputs, w);
                x.Data[j] = orig;
                double numeric = (lp - lm) / ((double)plus - minus);
                double a = analytic[k][j];
                anyNonZero |= a != 0;
                if (!(Math.Abs(numeric - a) <= tol * (1 + Math.Abs(a))))
                    throw new XunitException($"input {k} {ShapeOf(x)} element {j} (x = {orig:R}): analytic {a:R}, numeric {numeric:R}");
            }
        }
        if (!anyNonZero) throw new XunitException("every analytic gradient is zero: the check would prove nothing.");
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor w)
    {
        using var scope = Autograd.NoGrad();
        var o = f(inputs);
        double s = 0;
        for (int i = 0; i < o.Numel; i++) s += (double)o.Data[i] * w.Data[i];
        return s;
    }

    private static string ShapeOf(Tensor t) => "[" + string.Join(", ", t.Shape) + "]";
}
