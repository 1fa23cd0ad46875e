using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Every elementwise kernel on every SIMD path (512, 256, 128, scalar) and every length 0..256 (so every
/// tail is hit), against a float64 reference.
/// </summary>
[Collection(SimdPaths.Name)]
public class ElementwiseTests
{
    private const int MaxLength = 256;

    private static float[] Random(int n, int seed, double lo, double hi)
    {
        var rng = new Rng((ulong)seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)rng.Uniform(lo, hi);
        return v;
    }

    private static void Close(string what, double expected, float got, double atol, double rtol)
    {
        if (double.IsNaN(expected) && float.IsNaN(got)) return;
        Assert.True(Math.Abs(got - expected) <= atol + rtol * Math.Abs(expected), $"{what}: got {got:R}, expected {expected:R}");
    }

    private static void Unary<T>(Func<double, double> reference, double lo, double hi, double atol, double rtol) where T : IUnaryOperator
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                var x = Random(n, n + 1, lo, hi);
                var dst = new float[n];
                Elementwise.Unary<T>(x, dst);
                for (int i = 0; i < n; i++) Close($"{typeof(T).Name} width {w} n {n} [{i}] x={x[i]:R}", reference(x[i]), dst[i], atol, rtol);
            }
        });
    }

    private static void Binary<T>(Func<double, double, double> reference, (double Lo, double Hi) xr, (double Lo, double Hi) yr, double atol, double rtol, Func<float, float>? mapY = null, Func<float, float>? mapX = null) where T : IBinaryOperator
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                var x = Random(n, 2 * n + 1, xr.Lo, xr.Hi);
                var y = Random(n, 2 * n + 2, yr.Lo, yr.Hi);
                if (mapY is not null) for (int i = 0; i < n; i++) y[i] = mapY(y[i]);
                if (mapX is not null) for (int i = 0; i < n; i++) x[i] = mapX(x[i]);
                float s = n > 0 ? y[0] : (float)yr.Hi;
                float t = n > 0 ? x[0] : (float)xr.Lo;
                var vv = new float[n];
                var vs = new float[n];
                var sv = new float[n];
                var acc = Random(n, 3 * n + 3, -1, 1);
                var acc0 = (float[])acc.Clone();
                Elementwise.Binary<T>(x, y, vv);
                Elementwise.Binary<T>(x, s, vs);
                Elementwise.Binary<T>(t, y, sv);
                Elementwise.BinaryAccumulate<T>(x, y, acc);
                string name = $"{typeof(T).Name} width {w} n {n}";
                for (int i = 0; i < n; i++)
                {
                    Close($"{name} [{i}] span-span", reference(x[i], y[i]), vv[i], atol, rtol);
                    Close($"{name} [{i}] span-scalar", reference(x[i], s), vs[i], atol, rtol);
                    Close($"{name} [{i}] scalar-span", reference(t, y[i]), sv[i], atol, rtol);
                    double r = reference(x[i], y[i]);
                    Close($"{name} [{i}] accumulate", acc0[i] + r, acc[i], atol + 1.2e-7 * (Math.Abs(acc0[i]) + Math.Abs(r)), rtol);
                }
            }
        });
    }

    // The column sums must round exactly as one row-by-row float addition each (the bias gradient relies on it).
    [Fact]
    public void AddRowsIntoAddsRowByRowExactly()
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int cols = 0; cols <= 40; cols++)
            {
                for (int rows = 0; rows <= 5; rows++)
                {
                    var x = Random(rows * cols, 7 * cols + rows + 1, -100, 100);
                    var dst = Random(cols, cols + 11, -1, 1);
                    var expected = (float[])dst.Clone();
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < cols; j++) expected[j] += x[r * cols + j];
                    Elementwise.AddRowsInto(x, rows, dst);
                    for (int j = 0; j < cols; j++) Assert.True(expected[j] == dst[j], $"width {w} rows {rows} cols {cols} [{j}]: got {dst[j]:R}, expected {expected[j]:R}");
                }
            }
        });
        Assert.Throws<ArgumentException>(() => Elementwise.AddRowsInto(new float[7], 2, new float[4]));
    }

    [Fact] public void Negate() => Unary<NegateOperator>(x => -x, -10, 10, 0, 0);
    [Fact] public void Square() => Unary<SquareOperator>(x => x * x, -10, 10, 0, 1e-7);
    [Fact] public void Cube() => Unary<CubeOperator>(x => x * x * x, -10, 10, 0, 3e-7);
    [Fact] public void Abs() => Unary<AbsOperator>(Math.Abs, -10, 10, 0, 0);
    [Fact] public void Relu() => Unary<ReluOperator>(x => Math.Max(x, 0), -10, 10, 0, 0);
    [Fact] public void Exp() => Unary<ExpOperator>(Math.Exp, -80, 80, 1e-30, 3e-7);
    [Fact] public void Log() => Unary<LogOperator>(Math.Log, 1e-6, 1e4, 1e-7, 3e-7);
    [Fact] public void Sqrt() => Unary<SqrtOperator>(Math.Sqrt, 0, 1e4, 0, 1e-7);
    [Fact] public void Tanh() => Unary<TanhOperator>(Math.Tanh, -12, 12, 1e-7, 1e-6);
    [Fact] public void TanhNearZero() => Unary<TanhOperator>(Math.Tanh, -1e-3, 1e-3, 1e-7, 1e-6);
    [Fact] public void Sigmoid() => Unary<SigmoidOperator>(x => 1 / (1 + Math.Exp(-x)), -30, 30, 1e-12, 1e-6);
    [Fact] public void Softplus() => Unary<SoftplusOperator>(x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))), -40, 40, 1e-12, 1e-6);

    [Fact] public void Add() => Binary<AddOperator>((x, y) => x + y, (-10, 10), (-10, 10), 1e-6, 1e-7);
    [Fact] public void Subtract() => Binary<SubtractOperator>((x, y) => x - y, (-10, 10), (-10, 10), 1e-6, 1e-7);
    [Fact] public void Multiply() => Binary<MultiplyOperator>((x, y) => x * y, (-10, 10), (-10, 10), 1e-6, 1e-7);
    [Fact] public void Divide() => Binary<DivideOperator>((x, y) => x / y, (-10, 10), (0.5, 2), 1e-6, 1e-7);
    [Fact] public void Max() => Binary<MaxOperator>(Math.Max, (-10, 10), (-10, 10), 0, 0);
    [Fact] public void Min() => Binary<MinOperator>(Math.Min, (-10, 10), (-10, 10), 0, 0);
    [Fact] public void PowPositiveBase() => Binary<PowOperator>(Math.Pow, (1e-3, 100), (-2.5, 2.5), 1e-30, 2e-6);
    [Fact] public void PowIntegerExponentOnAnySign() => Binary<PowOperator>(Math.Pow, (-5, 5), (-3, 3), 1e-30, 2e-6, MathF.Round);
    [Fact] public void SqrtGrad() => Binary<SqrtGradOperator>((g, y) => g / (2 * y), (-3, 3), (0.1, 10), 1e-7, 1e-7);
    [Fact] public void TanhGrad() => Binary<TanhGradOperator>((g, y) => g * (1 - y * y), (-3, 3), (-1, 1), 1e-6, 1e-6);
    [Fact] public void SigmoidGrad() => Binary<SigmoidGradOperator>((g, y) => g * y * (1 - y), (-3, 3), (0, 1), 1e-6, 1e-6);
    [Fact] public void ReluGrad() => Binary<ReluGradOperator>((g, y) => y > 0 ? g : 0, (-3, 3), (-1, 1), 0, 0, MathF.Round);
    [Fact] public void AbsGrad() => Binary<AbsGradOperator>((g, x) => x > 0 ? g : x < 0 ? -g : 0, (-3, 3), (-1, 1), 0, 0, MathF.Round);
    [Fact] public void GreaterShare() => Binary<GreaterShareOperator>((x, y) => x > y ? 1 : x == y ? 0.5 : 0, (-2, 2), (-2, 2), 0, 0, MathF.Round, MathF.Round);
    [Fact] public void EqualMask() => Binary<EqualMaskOperator>((x, y) => x == y ? 1 : 0, (-2, 2), (-2, 2), 0, 0, MathF.Round, MathF.Round);

    // Two vectors at a time (tanh's 256-bit path) must give what one at a time gives, at every length and width.
    [Fact]
    public void PairedTanhEqualsTheSingleVectorFormBitForBit()
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                var x = Random(n, 5 * n + 2, -12, 12);
                if (n > 3) (x[0], x[1], x[2], x[3]) = (float.NaN, -0f, 1e-30f, -44f);
                var single = new float[n];
                var paired = new float[n];
                Elementwise.Unary<TanhOperator>(x, single);
                Elementwise.UnaryPaired<TanhOperator>(x, paired);
                for (int i = 0; i < n; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(single[i]) == BitConverter.SingleToInt32Bits(paired[i]), $"width {w} n {n} [{i}] x={x[i]:R}: {paired[i]:R} against {single[i]:R}");
            }
        });
    }

    [Fact]
    public void TanhSaturatesToExactlyOneAndKeepsNaN()
    {
        // Large inputs (whose e^-2|x| would be subnormal) give exactly ±1, as float32 tanh does; NaN stays NaN.
        SimdPaths.ForEachWidth(w =>
        {
            float[] x = [9.5f, -10f, 10.5f, -20f, 43f, -44f, 50f, -87.5f, 100f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0f, 3f, 44f];
            var dst = new float[x.Length];
            Elementwise.Unary<TanhOperator>(x, dst);
            for (int i = 0; i < x.Length; i++)
            {
                if (float.IsNaN(x[i])) Assert.True(float.IsNaN(dst[i]), $"width {w}: tanh(NaN) = {dst[i]}");
                else if (Math.Abs(x[i]) >= 9.5f) Assert.Equal(MathF.Sign(x[i]), dst[i]);
                else Assert.Equal(Math.Tanh(x[i]), dst[i], 1e-6);
            }
            Assert.True(float.IsNegative(dst[14]), $"width {w}: tanh(-0) lost its sign");
        });
    }

    [Fact]
    public void PowOperatorTurnsIntegerExponentsIntoExactRounding()
    {
        // The Binary<PowOperator> test above rounds y in the reference only; here y is an exact integer.
        SimdPaths.ForEachWidth(w =>
        {
            float[] x = [-3, -2, -0.5f, 0.5f, 2, 3, -1.5f, 4];
            var dst = new float[x.Length];
            Elementwise.Binary<PowOperator>(x, 3f, dst);
            for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Pow(x[i], 3), dst[i], 4e-6 * Math.Abs(Math.Pow(x[i], 3)));
            Elementwise.Binary<PowOperator>(x, 1.5f, dst);
            for (int i = 0; i < x.Length; i++) Assert.True(x[i] < 0 ? float.IsNaN(dst[i]) : Math.Abs(dst[i] - Math.Pow(x[i], 1.5)) < 1e-5, $"width {w} x {x[i]}");
        });
    }

    [Fact]
    public void SumAndMaxReduceEveryLength()
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int n = 1; n <= MaxLength; n++)
            {
                var x = Random(n, 7 * n, -3, 3);
                double s = 0, m = double.NegativeInfinity;
                foreach (float v in x)
                {
                    s += v;
                    m = Math.Max(m, v);
                }
                Assert.True(Math.Abs(Elementwise.Sum(x) - s) <= 1e-5 * n, $"sum width {w} n {n}");
                Assert.Equal((float)m, Elementwise.Max(x));
            }
            Assert.Equal(0f, Elementwise.Sum([]));
        });
    }

    [Fact]
    public void AddScaledIntoEveryLength()
    {
        SimdPaths.ForEachWidth(w =>
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                var x = Random(n, n, -3, 3);
                var d = Random(n, n + 1000, -3, 3);
                var d0 = (float[])d.Clone();
                Elementwise.AddScaledInto(x, -0.75f, d);
                for (int i = 0; i < n; i++) Close($"width {w} n {n} [{i}]", d0[i] + -0.75 * x[i], d[i], 1e-6, 1e-7);
            }
        });
    }

    [Fact]
    public void MismatchedLengthsAreRejected() =>
        Assert.Throws<ArgumentException>(() => Elementwise.Binary<AddOperator>(new float[3], new float[4], new float[3]));

    [Fact]
    public void SimdVariableParses()
    {
        Assert.Equal(512, Simd.Parse(null));
        Assert.Equal(256, Simd.Parse("256"));
        Assert.Equal(128, Simd.Parse(" 128 "));
        Assert.Equal(0, Simd.Parse("scalar"));
        Assert.Throws<ArgumentException>(() => Simd.Parse("avx"));
    }
}
