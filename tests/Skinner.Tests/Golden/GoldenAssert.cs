using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>
/// Compares computed tensors with golden ones (explicit or summarised) and throws an
/// <see cref="XunitException"/> naming the tensor, the element and the bound when a value is off.
/// <para>
/// Tolerance per element: <c>|got - expected| &lt;= atol + rtol·|expected|</c> with
/// <c>atol = Fp64Factor·fp64_max_abs_diff + Floor·max(1, max|expected|)</c>: a few times PyTorch's own float32
/// rounding (it sizes long dot products and exp of large values) plus a small floor for ops whose
/// rounding PyTorch happened not to show. Sums of a summary get the per-element bound summed over the
/// elements they add up: <c>n·atol + rtol·abs_sum</c>.
/// </para>
/// </summary>
public static class GoldenAssert
{
    /// <summary>Relative tolerance.</summary>
    public const double RTol = 1e-4;

    /// <summary>Absolute floor, scaled by max(1, max|expected|).</summary>
    public const double Floor = 2e-6;

    /// <summary>How many times PyTorch's float32-vs-float64 difference we allow.</summary>
    public const double Fp64Factor = 4;

    /// <summary>
    /// Checks <paramref name="got"/> (full data, row-major, of <paramref name="shape"/>) against an explicit or
    /// summarised golden tensor within the tolerance above.
    /// </summary>
    public static void Close(string name, JsonElement expected, ReadOnlySpan<float> got, int[] shape, double fp64Diff, double rtol = RTol)
    {
        CheckShape(name, expected, got, shape);
        if (GoldenTensor.IsSummary(expected)) CloseSummary(name, expected.GetProperty("summary"), got, shape, fp64Diff, rtol, exact: false);
        else CloseExplicit(name, GoldenTensor.Read(expected).Data, got, fp64Diff, rtol);
    }

    /// <summary>Checks bit-for-bit equality (values the README says must match exactly).</summary>
    public static void Exact(string name, JsonElement expected, ReadOnlySpan<float> got, int[] shape)
    {
        CheckShape(name, expected, got, shape);
        if (GoldenTensor.IsSummary(expected))
        {
            CloseSummary(name, expected.GetProperty("summary"), got, shape, 0, 0, exact: true);
            return;
        }
        float[] e = GoldenTensor.Read(expected).Data;
        for (int i = 0; i < e.Length; i++)
        {
            if (!got[i].Equals(e[i])) Fail($"{name}[{i}] = {got[i]:R}, expected exactly {e[i]:R}");
        }
    }

    /// <summary>Checks an integer tensor (e.g. max indices) for exact equality.</summary>
    public static void Ints(string name, JsonElement expected, ReadOnlySpan<int> got, int[] shape)
    {
        var (e, eShape) = GoldenTensor.ReadInts(expected);
        if (!eShape.AsSpan().SequenceEqual(shape)) Fail($"{name}: shape [{string.Join(", ", shape)}], expected [{string.Join(", ", eShape)}]");
        if (got.Length != e.Length) Fail($"{name}: {got.Length} values, expected {e.Length}");
        for (int i = 0; i < e.Length; i++)
        {
            if (got[i] != e[i]) Fail($"{name}[{i}] = {got[i]}, expected {e[i]}");
        }
    }

    /// <summary>The absolute tolerance for a tensor whose largest magnitude is <paramref name="maxAbs"/>.</summary>
    public static double Atol(double fp64Diff, double maxAbs) => Fp64Factor * fp64Diff + Floor * Math.Max(1.0, maxAbs);

    private static void CheckShape(string name, JsonElement expected, ReadOnlySpan<float> got, int[] shape)
    {
        int[] eShape = GoldenTensor.Shape(expected);
        if (!eShape.AsSpan().SequenceEqual(shape))
            Fail($"{name}: shape [{string.Join(", ", shape)}], expected [{string.Join(", ", eShape)}]");
        if (got.Length != GoldenTensor.Count(eShape)) Fail($"{name}: {got.Length} values for shape [{string.Join(", ", eShape)}]");
    }

    private static void CloseExplicit(string name, float[] e, ReadOnlySpan<float> got, double fp64Diff, double rtol)
    {
        double maxAbs = 0;
        foreach (float v in e) maxAbs = Math.Max(maxAbs, Math.Abs((double)v));
        double atol = Atol(fp64Diff, maxAbs);
        var errors = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double diff = Math.Abs((double)got[i] - e[i]);
            if (diff <= atol + rtol * Math.Abs((double)e[i])) continue; // NaN fails here too
            if (bad++ < 5) errors.Append(FormattableString.Invariant($" [{i}] got {got[i]:R} expected {e[i]:R} (|diff| {diff:G3} > {atol + rtol * Math.Abs((double)e[i]):G3});"));
        }
        if (bad > 0) Fail($"{name}: {bad} of {e.Length} values off:{errors}");
    }

    private static void CloseSummary(string name, JsonElement s, ReadOnlySpan<float> got, int[] shape, double fp64Diff, double rtol, bool exact)
    {
        var samplesIdx = s.GetProperty("sample_index");
        var samplesVal = s.GetProperty("sample_data");
        double maxAbs = 0;
        foreach (var v in samplesVal.EnumerateArray()) maxAbs = Math.Max(maxAbs, Math.Abs(v.GetDouble()));
        double atol = exact ? 0 : Atol(fp64Diff, maxAbs);

        using (var iv = samplesVal.EnumerateArray().GetEnumerator())
        {
            foreach (var ix in samplesIdx.EnumerateArray())
            {
                iv.MoveNext();
                int i = ix.GetInt32();
                double e = (float)iv.Current.GetDouble();
                double diff = Math.Abs(got[i] - e);
                if (!(diff <= atol + rtol * Math.Abs(e))) Fail(FormattableString.Invariant($"{name}: sample [{i}] got {got[i]:R} expected {e:R}"));
            }
        }
        // Summation order differs from PyTorch's, so even "exact" tensors compare their sums with rounding room.
        double sumRtol = exact ? 1e-9 : rtol;
        int n = got.Length;
        double sum = 0, abs = 0;
        foreach (float v in got) { sum += v; abs += Math.Abs(v); }
        CheckSum(name, "sum", sum, s.GetProperty("sum").GetDouble(), s.GetProperty("abs_sum").GetDouble(), n, atol, sumRtol);
        CheckSum(name, "abs_sum", abs, s.GetProperty("abs_sum").GetDouble(), s.GetProperty("abs_sum").GetDouble(), n, atol, sumRtol);

        var axisSums = s.GetProperty("axis_sums");
        var axisAbs = s.GetProperty("axis_abs_sums");
        for (int k = 0; k < shape.Length; k++)
        {
            var (gs, ga) = AxisSums(got, shape, k);
            var es = axisSums[k];
            var ea = axisAbs[k];
            if (es.GetArrayLength() != shape[k]) Fail($"{name}: axis {k} sums have {es.GetArrayLength()} entries, expected {shape[k]}");
            int per = n / Math.Max(1, shape[k]);
            for (int j = 0; j < shape[k]; j++)
            {
                CheckSum(name, $"axis_sums[{k}][{j}]", gs[j], es[j].GetDouble(), ea[j].GetDouble(), per, atol, sumRtol);
                CheckSum(name, $"axis_abs_sums[{k}][{j}]", ga[j], ea[j].GetDouble(), ea[j].GetDouble(), per, atol, sumRtol);
            }
        }
    }

    private static void CheckSum(string name, string what, double got, double expected, double absSum, int count, double atol, double rtol)
    {
        double bound = count * atol + rtol * absSum + 1e-12;
        if (!(Math.Abs(got - expected) <= bound))
            Fail(FormattableString.Invariant($"{name}: {what} = {got:R}, expected {expected:R} (|diff| {Math.Abs(got - expected):G3} > {bound:G3})"));
    }

    /// <summary>Sums and absolute sums of <paramref name="data"/> grouped by the index along <paramref name="axis"/>.</summary>
    public static (double[] Sums, double[] AbsSums) AxisSums(ReadOnlySpan<float> data, int[] shape, int axis)
    {
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        int len = shape[axis];
        var sums = new double[len];
        var abs = new double[len];
        for (int i = 0; i < data.Length; i++)
        {
            int j = i / inner % len;
            sums[j] += data[i];
            abs[j] += Math.Abs(data[i]);
        }
        return (sums, abs);
    }

    private static void Fail(string message) => throw new XunitException(message);
}
