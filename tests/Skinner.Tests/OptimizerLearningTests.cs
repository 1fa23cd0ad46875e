using System.Diagnostics;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Each optimizer trains a small MLP (1 → 32 → 32 → 1, tanh) on a fixed nonlinear regression set,
/// y = sin(2x) + 0.5·x² on 64 points of [−2, 2], full batch, and must bring the mean squared error from
/// about the target's variance to below 2% of it within a few hundred steps.
/// </summary>
public class OptimizerLearningTests
{
    private const int Points = 64;

    private static (Tensor X, Tensor Y) Data()
    {
        var x = new float[Points];
        var y = new float[Points];
        for (int i = 0; i < Points; i++)
        {
            float v = -2f + 4f * i / (Points - 1);
            x[i] = v;
            y[i] = MathF.Sin(2 * v) + 0.5f * v * v;
        }
        return (new Tensor(x, Points, 1), new Tensor(y, Points, 1));
    }

    private static double Variance(float[] y)
    {
        double mean = y.Average();
        return y.Average(v => (v - mean) * (v - mean));
    }

    public static TheoryData<string, int> Optimizers() => new()
    {
        { "sgd", 150 },
        { "adam", 150 },
        { "rmsprop", 300 },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FitsANonlinearFunction(string kind, int steps)
    {
        var rng = new Rng(1234);
        var net = new Sequential(new Linear(1, 32, rng), new Tanh(), new Linear(32, 32, rng), new Tanh(), new Linear(32, 1, rng));
        Optimizer opt = kind switch
        {
            "sgd" => new Sgd(net.Parameters(), new SgdOptions { LearningRate = 0.05, Momentum = 0.9 }),
            "adam" => new Adam(net.Parameters(), new AdamOptions { LearningRate = 1e-2 }),
            _ => new RmsProp(net.Parameters(), new RmsPropOptions { LearningRate = 3e-3 }),
        };
        var (x, y) = Data();
        double first = double.NaN, last = double.NaN;
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++)
        {
            opt.ZeroGrad();
            var loss = Losses.Mse(net.Forward(x), y);
            loss.Backward();
            GradClip.ClipGradNorm(net.Parameters(), 10);
            opt.Step();
            last = loss.Item();
            if (step == 0) first = last;
        }
        double variance = Variance(y.Data);
        Assert.True(first > 0.3 * variance, $"{kind}: the untrained loss {first:G3} should be near the target variance {variance:G3}");
        Assert.True(last < 0.02 * variance, $"{kind}: loss {last:G3} after {steps} steps ({clock.Elapsed.TotalSeconds:F2} s) is not below 2% of the target variance {variance:G3} (started at {first:G3})");
    }
}
