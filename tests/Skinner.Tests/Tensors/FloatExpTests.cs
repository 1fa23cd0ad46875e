using System.Runtime.Intrinsics;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The single-precision vector exponential against double precision, at every vector width.</summary>
public class FloatExpTests
{
    private static double UlpError(float got, double exact)
    {
        float rounded = (float)exact;
        double ulp = Math.Max(MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded), float.Epsilon);
        return Math.Abs(got - exact) / ulp;
    }

    private static float[] Lanes(float[] x)
    {
        // The same inputs through the three widths must agree lane for lane.
        var y128 = new float[x.Length];
        var y256 = new float[x.Length];
        var y512 = new float[x.Length];
        for (int i = 0; i + 16 <= x.Length; i += 16)
        {
            for (int j = 0; j < 16; j += 4) FloatExp.Exp(Vector128.Create(x, i + j)).CopyTo(y128, i + j);
            for (int j = 0; j < 16; j += 8) FloatExp.Exp(Vector256.Create(x, i + j)).CopyTo(y256, i + j);
            FloatExp.Exp(Vector512.Create(x, i)).CopyTo(y512, i);
        }
        Assert.Equal(y128, y256);
        Assert.Equal(y128, y512);
        return y128;
    }

    [Fact]
    public void IsWithinTwoUlpOverTheNormalRange()
    {
        var rng = new Rng(5);
        float[] x = new float[16 * 4096];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Uniform(-87, 88.7);
        // Near zero and at the reduction boundaries too.
        for (int i = 0; i < 1024; i++) x[i] = (i - 512) * 1e-3f;
        for (int i = 1024; i < 1088; i++) x[i] = (i - 1056) * 0.34657359f;
        var y = Lanes(x);
        double worst = 0;
        for (int i = 0; i < x.Length; i++) worst = Math.Max(worst, UlpError(y[i], Math.Exp(x[i])));
        Assert.True(worst <= 2, $"worst error {worst:F2} ulp");
    }

    [Fact]
    public void HandlesTheEdgesLikeMathFExp()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 89f, 88.72f, -88f, -100f, -104f, -200f, 0f, -0f, 1f, -1f, 1e-30f, -1e-30f, 20f];
        var y = Lanes(x);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(float.PositiveInfinity, y[1]);
        Assert.Equal(0f, y[2]);
        Assert.Equal(float.PositiveInfinity, y[3]);
        Assert.True(float.IsFinite(y[4]) && UlpError(y[4], Math.Exp(x[4])) <= 2);
        Assert.True(UlpError(y[5], Math.Exp(x[5])) <= 2); // subnormal: a few ulp of the subnormal spacing
        Assert.True(Math.Abs(y[6] - Math.Exp(-100)) < 1e-44, $"e^-100: {y[6]:R} against {Math.Exp(-100):R}");
        Assert.True(y[7] < 1e-44f);
        Assert.Equal(0f, y[8]);
        Assert.Equal(1f, y[9]);
        Assert.Equal(1f, y[10]);
        Assert.True(UlpError(y[11], Math.E) <= 1);
        Assert.True(UlpError(y[12], 1 / Math.E) <= 1);
        Assert.Equal(1f, y[13]);
        Assert.Equal(1f, y[14]);
        Assert.True(UlpError(y[15], Math.Exp(x[15])) <= 2);
    }

    [Fact]
    public void BoundedFormEqualsTheFullOneBitForBitOnItsRange()
    {
        var rng = new Rng(11);
        var x = new List<float>();
        for (int i = 0; i < 16 * 2048; i++) x.Add((float)rng.Uniform(-87, 87));
        for (int i = 0; i < 16 * 1024; i++) x.Add((float)rng.Uniform(-20, 0)); // what tanh asks for
        // Where x·log2(e) lands on or beside a half-integer, the rounding of n decides the result.
        for (int k = -125; k <= 125; k++)
        {
            float boundary = (float)((k + 0.5) / 1.4426950408889634);
            float below = boundary, above = boundary;
            for (int j = 0; j < 4; j++)
            {
                x.Add(below);
                x.Add(above);
                below = MathF.BitDecrement(below);
                above = MathF.BitIncrement(above);
            }
        }
        x.AddRange([0f, -0f, 1e-30f, -1e-30f, -87f, 87f, float.NaN]);
        while (x.Count % 16 != 0) x.Add(-1f);
        float[] input = [.. x];
        var full = Lanes(input);
        var bounded = new float[input.Length];
        var wide = new float[input.Length];
        var widest = new float[input.Length];
        for (int i = 0; i < input.Length; i += 16)
        {
            for (int j = 0; j < 16; j += 4) FloatExp.ExpBounded(Vector128.Create(input, i + j)).CopyTo(bounded, i + j);
            for (int j = 0; j < 16; j += 8) FloatExp.ExpBounded(Vector256.Create(input, i + j)).CopyTo(wide, i + j);
            FloatExp.ExpBounded(Vector512.Create(input, i)).CopyTo(widest, i);
        }
        var paired = new float[input.Length];
        for (int i = 0; i < input.Length; i += 16)
        {
            var (a, b) = FloatExp.ExpBounded(Vector256.Create(input, i), Vector256.Create(input, i + 8));
            a.CopyTo(paired, i);
            b.CopyTo(paired, i + 8);
        }
        Assert.Equal(wide.Select(BitConverter.SingleToInt32Bits), paired.Select(BitConverter.SingleToInt32Bits));
        for (int i = 0; i < input.Length; i++)
        {
            if (float.IsNaN(input[i]))
            {
                Assert.True(float.IsNaN(bounded[i]) && float.IsNaN(wide[i]) && float.IsNaN(widest[i]));
                continue;
            }
            int expected = BitConverter.SingleToInt32Bits(full[i]);
            Assert.True(expected == BitConverter.SingleToInt32Bits(bounded[i]), $"e^{input[i]:R}: {bounded[i]:R} against {full[i]:R}");
            Assert.Equal(expected, BitConverter.SingleToInt32Bits(wide[i]));
            Assert.Equal(expected, BitConverter.SingleToInt32Bits(widest[i]));
        }
    }
}
