using System.Diagnostics;
using Skinner.Envs.MinAtar;

namespace Skinner.Bench;

/// <summary>
/// Steps per second of each MinAtar game: through <see cref="MinAtarEnv"/> (sticky draw, fresh observation
/// array per step, as an agent sees it) and, as the reference in the same run, the bare game rules
/// (<c>Act</c> plus <c>Observe</c> into one reused buffer). The ratio is the adapter's cost.
/// Usage: <c>minatar [steps]</c> (default 200000 per game and mode).
/// </summary>
public static class MinAtarBench
{
    public static void Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        foreach (var game in Enum.GetValues<MinAtarGame>())
        {
            TimeEnv(game, steps / 10); // warm-up
            TimeGame(game, steps / 10);
            double env = TimeEnv(game, steps), bare = TimeGame(game, steps);
            Report.Emit("minatar", game.ToString(), "steps/s", env, ("bare_steps_per_s", bare), ("env_over_bare", env / bare), ("steps", steps));
        }
    }

    private static double TimeEnv(MinAtarGame game, int steps)
    {
        using var env = new MinAtarEnv(game);
        env.Reset(0);
        uint x = 1;
        var sw = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++)
        {
            x = (1103515245 * x) + 12345;
            if (env.Step([(x >> 16) % 6]).Terminated) env.Reset();
        }
        return steps / sw.Elapsed.TotalSeconds;
    }

    private static double TimeGame(MinAtarGame game, int steps)
    {
        using var env = new MinAtarEnv(game, stickyActionProb: 0);
        env.Reset(0);
        var g = env.Game;
        var obs = new float[100 * g.Channels];
        uint x = 1;
        var sw = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++)
        {
            x = (1103515245 * x) + 12345;
            if (g.Act((int)((x >> 16) % 6)).Terminal) g.Reset();
            Array.Clear(obs);
            g.Observe(obs);
        }
        return steps / sw.Elapsed.TotalSeconds;
    }
}
