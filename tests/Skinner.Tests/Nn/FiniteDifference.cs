using Skinner.Tensors;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>
/// Central-difference gradient checks for the layers and distributions. The scalar checked is
/// <c>L = Σ out·w</c> with fixed pseudo-random weights w, so each output element counts with its own weight.
/// Every element of every input that requires grad is nudged by ±h on the float32 function; the difference of
/// the two losses (summed in float64) over the actual step is compared with backward's gradient within
/// <c>tol·(1 + |analytic|)</c>.
/// </summary>
public static class FiniteDifference
{
    /// <summary>A leaf that requires grad, filled with U(lo, hi) from <paramref name="seed"/>.</summary>
    public static Tensor Uniform(ulong seed, double lo, double hi, params int[] shape)
    {
        var rng = new Rng(seed);
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)rng.Uniform(lo, hi);
        return t.RequireGrad();
    }

    /// <summary>Checks d(Σ f(inputs)·w)/d(input) for every input that requires grad; fails if every gradient is zero.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double h = 1e-2, double tol = 2e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var x in inputs) x.Grad = null;
        var output = f(inputs);
        var w = Uniform(777, -1, 1, output.Shape).RequireGrad(false);
        output.Backward(w);
        bool anyNonZero = false;
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.RequiresGrad) continue;
            var analytic = x.Grad?.Data ?? new float[x.Numel];
            for (int j = 0; j < x.Numel; j++)
            {
                float orig = x.Data[j];
                float up = (float)(orig + h), down = (float)(orig - h);
                x.Data[j] = up;
                double lUp = Loss(f, inputs, w);
                x.Data[j] = down;
                double lDown = Loss(f, inputs, w);
                x.Data[j] = orig;
                double numeric = (lUp - lDown) / ((double)up - down);
                double a = analytic[j];
                anyNonZero |= a != 0;
                if (!(Math.Abs(numeric - a) <= tol * (1 + Math.Abs(a))))
                    throw new XunitException($"input {k} [{string.Join(", ", x.Shape)}] element {j} (value {orig:R}): backward gives {a:R}, finite differences {numeric:R}");
            }
        }
        if (!anyNonZero) throw new XunitException("Every gradient is zero: the check would prove nothing.");
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor w)
    {
        using var scope = Autograd.NoGrad();
        var o = f(inputs);
        double s = 0;
        for (int i = 0; i < o.Numel; i++) s += (double)o.Data[i] * w.Data[i];
        return s;
    }
}
