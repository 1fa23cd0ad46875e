using System.Globalization;
using Skinner.Agents.Common;

namespace Skinner.Bench;

/// <summary>
/// The return of uniformly random actions, the floor that "well above random" is measured against:
/// <c>random-policy ENV_ID [--episodes N] [--seed S]</c> plays N episodes (default 1000) through <c>Envs.Make</c>
/// and prints their mean and standard deviation.
/// </summary>
public static class RandomPolicyBench
{
    public static void Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new ArgumentException("usage: random-policy ENV_ID [--episodes N] [--seed S]");
        string id = args[0];
        int episodes = 1000;
        long seed = 0;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--episodes" when i + 1 < args.Length:
                    episodes = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown random-policy option '{args[i]}'. Options: --episodes N, --seed S.");
            }
        }
        using var env = Skinner.Envs.Envs.Make(id);
        env.ActionSpace.Seed((int)seed);
        var result = Evaluation.Run(env, _ => env.ActionSpace.Sample(), episodes, seed);
        Report.Emit("random-policy", id, "mean_return", result.MeanReturn,
            [("std", result.StdReturn), ("episodes", result.Episodes), ("mean_length", result.Lengths.Average())]);
    }
}
