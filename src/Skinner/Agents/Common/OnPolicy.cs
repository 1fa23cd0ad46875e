using Skinner.Envs;
using Skinner.Envs.Vector;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>The update rule of an on-policy agent's optimiser.</summary>
public enum OptimizerKind
{
    /// <summary>RMSprop (A2C's and A3C's choice in their papers and SB3).</summary>
    Rmsprop,

    /// <summary>Adam.</summary>
    Adam,
}

/// <summary>How the learning rate moves over a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same throughout.</summary>
    Constant,

    /// <summary>From the initial value down to zero at the last step (SB3's <c>lin_</c> values).</summary>
    Linear,
}

/// <summary>Plain helpers the on-policy agents (REINFORCE, A2C, A3C, PPO) share.</summary>
public static class OnPolicy
{
    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="env"/> stepped together, resetting in the same step
    /// (so every step is a transition and a truncated episode's last observation is in
    /// <see cref="IVectorEnv.FinalObservations"/>). The first copy is <paramref name="env"/> itself (the tool
    /// records its videos); the others are made from its registration.
    /// </summary>
    public static IVectorEnv VectorOf(IEnv env, int count)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (count > 1 && env.Spec is null)
            throw new ArgumentException($"n_envs is {count}, but the environment has no registration to make copies from; make it with Envs.Make(id) or set n_envs to 1.");
        var factories = new Func<IEnv>[count];
        factories[0] = () => env;
        for (int i = 1; i < count; i++) factories[i] = () => Skinner.Envs.Envs.Make(env.Spec!.Id);
        return new SyncVectorEnv(factories, AutoresetMode.SameStep);
    }

    /// <summary>An optimiser over <paramref name="parameters"/>.</summary>
    public static Optimizer MakeOptimizer(OptimizerKind kind, IEnumerable<Tensor> parameters, double learningRate,
        double eps, double rmspropAlpha = 0.99, double adamBeta1 = 0.9, double adamBeta2 = 0.999) => kind switch
    {
        OptimizerKind.Rmsprop => new RmsProp(parameters, new RmsPropOptions { LearningRate = learningRate, Alpha = rmspropAlpha, Eps = eps }),
        OptimizerKind.Adam => new Adam(parameters, new AdamOptions { LearningRate = learningRate, Beta1 = adamBeta1, Beta2 = adamBeta2, Eps = eps }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

    /// <summary>
    /// Whether gSDE draws fresh exploration matrices before step <paramref name="step"/> of a rollout: at its start,
    /// and every <paramref name="sampleFreq"/> steps when that is positive (SB3's <c>sde_sample_freq</c>).
    /// </summary>
    public static bool NoiseDue(bool useSde, int sampleFreq, int step) =>
        useSde && (step == 0 || sampleFreq > 0 && step % sampleFreq == 0);

    /// <summary>SB3's linear schedule: the initial value times the fraction of the run still to go.</summary>
    public static double Anneal(double initial, long steps, long totalSteps) =>
        initial * Math.Max(0.0, 1.0 - (double)steps / Math.Max(1, totalSteps));

    /// <summary>
    /// The values of the rows of <paramref name="finalObservations"/> whose episode was truncated (0 elsewhere):
    /// the bootstrap of a time limit, which is not a terminal state.
    /// </summary>
    public static float[] TruncationValues(ActorCriticPolicy policy, float[] finalObservations, bool[] truncated, bool[] terminated)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(truncated);
        ArgumentNullException.ThrowIfNull(terminated);
        var values = new float[truncated.Length];
        int o = policy.ObservationSize;
        for (int n = 0; n < truncated.Length; n++)
        {
            if (!truncated[n] || terminated[n]) continue;
            values[n] = policy.Values(finalObservations.AsSpan(n * o, o).ToArray(), 1)[0];
        }
        return values;
    }

    /// <summary>
    /// The policy loss plus the entropy bonus weighted by <paramref name="entCoef"/>; with a weight of zero (the zoo's
    /// CartPole settings), the policy loss alone: the bonus would add only zeros to the gradients, while its backward
    /// pass through the distribution costs about as much as the policy loss's own.
    /// </summary>
    public static Tensor WithEntropyBonus(Tensor policyLoss, double entCoef, Tensor entropyLoss) =>
        entCoef > 0 ? policyLoss + ((float)entCoef * entropyLoss) : policyLoss;

    /// <summary>Subtracts the mean and divides by the standard deviation (+1e-8), in place.</summary>
    public static void Normalize(Span<float> x)
    {
        if (x.Length < 2) return;
        double mean = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        double sq = 0;
        foreach (float v in x) sq += (v - mean) * (v - mean);
        // torch.std is the unbiased estimate.
        double std = Math.Sqrt(sq / (x.Length - 1));
        for (int i = 0; i < x.Length; i++) x[i] = (float)((x[i] - mean) / (std + 1e-8));
    }

    /// <summary>The observation normaliser's statistics as checkpoint tensors.</summary>
    public static IEnumerable<(string Name, Tensor Tensor)> Export(VecNormalizer? normalizer)
    {
        if (normalizer is null) yield break;
        var d = new Dictionary<string, float[]>(StringComparer.Ordinal);
        normalizer.Export(d);
        foreach (var (k, v) in d) yield return ("normalizer." + k, new Tensor(v, v.Length));
    }

    /// <summary>Restores what <see cref="Export"/> wrote.</summary>
    public static void Import(VecNormalizer? normalizer, IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (normalizer is null) return;
        var d = tensors.Where(kv => kv.Key.StartsWith("normalizer.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["normalizer.".Length..], kv => kv.Value.Data, StringComparer.Ordinal);
        try
        {
            normalizer.Import(d);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}.state: {e.Message}", e);
        }
    }
}
