using System.Diagnostics;
using Skinner.Tensors;

namespace Skinner.Bench;

/// <summary>
/// Replays the matrix products of an MLP update (each Linear layer's forward <c>x·Wᵀ</c>, and its backward
/// <c>dW += dYᵀ·X</c> and <c>dX += dY·W</c>) on preallocated buffers, so an update bench can say how much of
/// its step is matrix multiply and how much is everything else.
/// </summary>
internal static class MatmulReplay
{
    /// <summary>Median microseconds of the products: <paramref name="forwards"/> forward and <paramref name="backwards"/> backward passes.</summary>
    /// <param name="layers">(in, out) of each layer, first to last.</param>
    /// <param name="batch">Rows of the minibatch.</param>
    /// <param name="forwards">Forward passes per step (e.g. target and online network).</param>
    /// <param name="backwards">Backward passes per step.</param>
    /// <param name="inputGradOfFirst">Whether the first layer's input gradient is needed.</param>
    /// <param name="steps">Timed repetitions.</param>
    public static double MedianUs((int In, int Out)[] layers, int batch, int forwards, int backwards, bool inputGradOfFirst, int steps)
    {
        var x = layers.Select(l => new float[batch * l.In]).ToArray();
        var y = layers.Select(l => new float[batch * l.Out]).ToArray();
        var w = layers.Select(l => Filled(l.In * l.Out)).ToArray();
        var dw = layers.Select(l => new float[l.In * l.Out]).ToArray();
        foreach (var a in x) Array.Fill(a, 0.5f);
        foreach (var a in y) Array.Fill(a, 0.25f);
        void Step()
        {
            for (int f = 0; f < forwards; f++)
            {
                for (int l = 0; l < layers.Length; l++)
                {
                    var (i, o) = layers[l];
                    Gemm.Multiply(false, true, batch, o, i, x[l], i, w[l], i, y[l], o, accumulate: true);
                }
            }
            for (int bwd = 0; bwd < backwards; bwd++)
            {
                for (int l = layers.Length - 1; l >= 0; l--)
                {
                    var (i, o) = layers[l];
                    Gemm.Multiply(true, false, o, i, batch, y[l], o, x[l], i, dw[l], i, accumulate: true);
                    if (l > 0 || inputGradOfFirst) Gemm.Multiply(false, false, batch, i, o, y[l], o, w[l], i, x[l], i, accumulate: true);
                }
            }
        }
        for (int s = 0; s < Math.Max(100, steps / 4); s++) Step();
        double[] times = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Step();
            times[s] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[steps / 2];
    }

    private static float[] Filled(int n)
    {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 1e-3f * (i % 7 - 3);
        return a;
    }
}
