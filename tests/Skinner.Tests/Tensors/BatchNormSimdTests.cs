using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// <see cref="Tensor.BatchNorm"/> on [N, C] inputs takes eight channels at a time where the SIMD cap allows; every
/// width must give the scalar loop's results bit for bit (outputs, running statistics and all three gradients),
/// for channel counts that leave every tail.
/// </summary>
[Collection(SimdPaths.Name)]
public class BatchNormSimdTests
{
    private static float[] Random(int n, int seed, double lo, double hi)
    {
        var rng = new Rng((ulong)seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)rng.Uniform(lo, hi);
        return v;
    }

    private static float[][] Run(int rows, int channels, bool training, bool affine, int inner = 0)
    {
        int[] shape = inner == 0 ? [rows, channels] : [rows, channels, inner];
        int count = rows * channels * Math.Max(1, inner);
        var x = new Tensor(Random(count, 1 + channels, -3, 5), shape).RequireGrad();
        var w = affine ? new Tensor(Random(channels, 2, 0.5, 1.5), channels).RequireGrad() : null;
        var b = affine ? new Tensor(Random(channels, 3, -1, 1), channels).RequireGrad() : null;
        var runningMean = new Tensor(Random(channels, 4, -1, 1), channels);
        var runningVar = new Tensor(Random(channels, 5, 0.5, 2), channels);
        var y = Tensor.BatchNorm(x, runningMean, runningVar, w, b, training);
        var upstream = new Tensor(Random(count, 6, -1, 1), shape);
        (y * upstream).Sum().Backward();
        return [y.Data, runningMean.Data, runningVar.Data, x.Grad!.Data, w?.Grad!.Data ?? [], b?.Grad!.Data ?? []];
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void EveryWidthGivesTheScalarResultBitForBit(bool training, bool affine)
    {
        foreach (int rows in new[] { 2, 3, 17 })
        {
            for (int channels = 1; channels <= 40; channels++)
            {
                float[][]? scalar = null;
                var byWidth = new List<(int Width, float[][] Result)>();
                SimdPaths.ForEachWidth(width =>
                {
                    var result = Run(rows, channels, training, affine);
                    if (width == 0) scalar = result;
                    else byWidth.Add((width, result));
                });
                foreach (var (width, result) in byWidth)
                    for (int k = 0; k < result.Length; k++)
                        Assert.True(scalar![k].AsSpan().SequenceEqual(result[k]), $"rows {rows} channels {channels} width {width}: array {k} differs from the scalar loop");
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithSpatialDimsEveryWidthAgreesWithTheScalarLoop(bool training)
    {
        // Sums over a sample's values of a channel take eight partial sums on the SIMD paths, so the results may
        // differ from the scalar loop's in the last bits of float64, not more.
        for (int inner = 1; inner <= 20; inner++)
        {
            float[][]? scalar = null;
            var byWidth = new List<(int Width, float[][] Result)>();
            SimdPaths.ForEachWidth(width =>
            {
                var result = Run(3, 4, training, affine: true, inner);
                if (width == 0) scalar = result;
                else byWidth.Add((width, result));
            });
            foreach (var (width, result) in byWidth)
                for (int k = 0; k < result.Length; k++)
                    for (int i = 0; i < result[k].Length; i++)
                        Assert.True(Math.Abs(result[k][i] - scalar![k][i]) <= 1e-5 * (1 + Math.Abs(scalar[k][i])),
                            $"inner {inner} width {width}: array {k}[{i}] is {result[k][i]:R}, the scalar loop gives {scalar[k][i]:R}");
        }
    }
}
