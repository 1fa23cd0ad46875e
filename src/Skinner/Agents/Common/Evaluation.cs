using Skinner.Envs;

namespace Skinner.Agents.Common;

/// <summary>The outcome of an evaluation: per-episode returns and lengths with their summary.</summary>
public sealed record EvaluationResult(double MeanReturn, double StdReturn, IReadOnlyList<double> Returns, IReadOnlyList<int> Lengths)
{
    /// <summary>Number of episodes.</summary>
    public int Episodes => Returns.Count;

    /// <summary>Summarises per-episode figures (population standard deviation, as NumPy's std).</summary>
    public static EvaluationResult From(IReadOnlyList<double> returns, IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count == 0) return new EvaluationResult(double.NaN, double.NaN, returns, lengths);
        double mean = returns.Average();
        double var = returns.Sum(r => (r - mean) * (r - mean)) / returns.Count;
        return new EvaluationResult(mean, Math.Sqrt(var), returns, lengths);
    }
}

/// <summary>Runs a policy for whole episodes on an environment kept apart from training.</summary>
public static class Evaluation
{
    /// <summary>
    /// Plays <paramref name="episodes"/> episodes with <paramref name="policy"/> (observation → action).
    /// The first reset uses <paramref name="seed"/>; later episodes continue the environment's stream, so
    /// the whole evaluation is reproducible. An episode ends on termination or truncation (time limit).
    /// </summary>
    public static EvaluationResult Run(IEnv env, Func<float[], float[]> policy, int episodes, long seed, int maxStepsPerEpisode = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var returns = new List<double>(episodes);
        var lengths = new List<int>(episodes);
        for (int e = 0; e < episodes; e++)
        {
            var obs = env.Reset(e == 0 ? seed : null).Observation;
            double total = 0;
            int length = 0;
            while (length < maxStepsPerEpisode)
            {
                var step = env.Step(policy(obs));
                total += step.Reward;
                length++;
                obs = step.Observation;
                if (step.Done) break;
            }
            returns.Add(total);
            lengths.Add(length);
        }
        return EvaluationResult.From(returns, lengths);
    }
}
