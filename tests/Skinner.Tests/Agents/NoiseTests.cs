using Skinner.Agents.Common;
using Skinner.Tensors;

namespace Skinner.Tests.Agents;

public class NoiseTests
{
    [Fact]
    public void OrnsteinUhlenbeckHasTheStationaryVarianceOfTheProcess()
    {
        // Stationary variance of the discretised process: σ²dt / (1 - (1-θdt)²).
        var ou = new OrnsteinUhlenbeckNoise(1, theta: 0.15, sigma: 0.2, dt: 1e-2);
        var rng = new Rng(5);
        var x = new float[1];
        double sum = 0, sumSq = 0;
        int n = 400_000;
        for (int i = 0; i < 20_000; i++) ou.Sample(x, rng);
        for (int i = 0; i < n; i++)
        {
            ou.Sample(x, rng);
            sum += x[0];
            sumSq += x[0] * (double)x[0];
        }
        double mean = sum / n, var = sumSq / n - mean * mean;
        double a = 1 - 0.15 * 1e-2;
        double expected = 0.04 * 1e-2 / (1 - a * a);
        Assert.InRange(var / expected, 0.8, 1.2);
    }

    [Fact]
    public void OrnsteinUhlenbeckSigmaAnnealsAndResetReturnsToMu()
    {
        var ou = new OrnsteinUhlenbeckNoise(2, mu: 0.5, sigma: 0.3, sigmaMin: 0.1, sigmaDecaySteps: 10);
        var x = new float[2];
        var rng = new Rng(6);
        for (int i = 0; i < 10; i++) ou.Sample(x, rng);
        Assert.Equal(0.1, ou.CurrentSigma, 12);
        ou.Reset();
        var zero = new OrnsteinUhlenbeckNoise(2, mu: 0.5, sigma: 0);
        zero.Sample(x, rng);
        Assert.Equal([0.5f, 0.5f], x);
    }

    [Fact]
    public void GaussianSigmaDecaysToItsFloor()
    {
        var g = new GaussianNoise(1.0, decay: 0.5, floor: 0.2);
        var x = new float[1];
        var rng = new Rng(7);
        g.Sample(x, rng);
        Assert.Equal(0.5, g.CurrentSigma, 12);
        g.Sample(x, rng);
        g.Sample(x, rng);
        Assert.Equal(0.2, g.CurrentSigma, 12);
    }
}
