using Skinner.Envs;
using Skinner.Envs.Vector;

namespace Skinner.Tests.Envs.Vector;

/// <summary>
/// The autoreset rules written out per environment, the slow obvious way, to compare vector
/// environments against: independent single environments stepped one by one.
/// </summary>
public sealed class VectorReference
{
    private readonly IEnv[] _envs;
    private readonly bool[] _pending;
    private readonly AutoresetMode _mode;

    public VectorReference(Func<IEnv> factory, int n, AutoresetMode mode)
    {
        _envs = [.. Enumerable.Range(0, n).Select(_ => factory())];
        _pending = new bool[n];
        _mode = mode;
    }

    public float[][] Obs { get; private set; } = [];

    public float[]?[] Final { get; private set; } = [];

    public double[] Rewards { get; private set; } = [];

    public bool[] Terminated { get; private set; } = [];

    public bool[] Truncated { get; private set; } = [];

    public bool[] Autoreset { get; private set; } = [];

    public void Reset(long seed)
    {
        Obs = [.. _envs.Select((e, i) => e.Reset(seed + i).Observation)];
        Array.Clear(_pending);
    }

    public void Step(float[] actions)
    {
        int n = _envs.Length;
        Final = new float[]?[n];
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Autoreset = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (_pending[i])
            {
                Obs[i] = _envs[i].Reset().Observation;
                Autoreset[i] = true;
                _pending[i] = false;
                continue;
            }
            var r = _envs[i].Step([actions[i]]);
            (Rewards[i], Terminated[i], Truncated[i], Obs[i]) = (r.Reward, r.Terminated, r.Truncated, r.Observation);
            if (!r.Done) continue;
            Final[i] = r.Observation;
            if (_mode == AutoresetMode.NextStep) _pending[i] = true;
            else Obs[i] = _envs[i].Reset().Observation;
        }
    }

    public void AssertMatches(IVectorEnv venv, int t)
    {
        int size = venv.ObservationSize;
        for (int i = 0; i < _envs.Length; i++)
        {
            Assert.True(Obs[i].AsSpan().SequenceEqual(venv.Observations.AsSpan(i * size, size)), $"observation of env {i} differs at step {t}");
            if (Final.Length > 0 && Final[i] is float[] f)
                Assert.True(f.AsSpan().SequenceEqual(venv.FinalObservations.AsSpan(i * size, size)), $"final observation of env {i} differs at step {t}");
        }
        if (Rewards.Length == 0) return;
        Assert.Equal(Rewards, venv.Rewards);
        Assert.Equal(Terminated, venv.Terminated);
        Assert.Equal(Truncated, venv.Truncated);
        Assert.Equal(Autoreset, venv.Autoreset);
    }
}
