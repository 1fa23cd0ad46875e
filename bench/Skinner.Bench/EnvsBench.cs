using System.Diagnostics;
using Skinner.Envs;

namespace Skinner.Bench;

/// <summary>
/// Steps per second of the classic-control environments through <c>Envs.Make</c> (with their wrappers),
/// of CartPole from pixels (a render, crop and shrink per step), and frames per second of each renderer.
/// Actions come from a fixed LCG so that every run does the same work.
/// </summary>
public static class EnvsBench
{
    private static readonly string[] s_ids =
        ["CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "CartPolePixels-v1"];

    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
        foreach (string id in s_ids)
        {
            // An untimed first pass lets the JIT reach its optimised tier before the timed one.
            Steps(id, seconds / 4);
            Frames(id, seconds / 4);
            var (steps, elapsed) = Steps(id, seconds);
            Report.Emit("envs", id + "/step", "steps/s", steps / elapsed, ("steps", steps));
        }
        foreach (string id in s_ids[..5])
        {
            var (frames, elapsed) = Frames(id, seconds / 2);
            Report.Emit("envs", id + "/render", "frames/s", frames / elapsed, ("frames", frames));
        }
    }

    private static (long Steps, double Seconds) Steps(string id, double seconds)
    {
        using var env = Envs.Envs.Make(id);
        env.Reset(0);
        long x = 1, steps = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (int k = 0; k < 64; k++)
            {
                x = ((1103515245 * x) + 12345) % 2147483648;
                var r = env.Step([Action(env.ActionSpace, x)]);
                if (r.Done) env.Reset();
                steps++;
            }
        }
        return (steps, sw.Elapsed.TotalSeconds);
    }

    private static (long Frames, double Seconds) Frames(string id, double seconds)
    {
        using var env = Envs.Envs.Make(id);
        env.Reset(0);
        long frames = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            _ = env.Render();
            frames++;
        }
        return (frames, sw.Elapsed.TotalSeconds);
    }

    private static float Action(Space space, long x) => space switch
    {
        Discrete d => (float)((x >> 16) % d.N),
        Box b => (float)(b.Low[0] + ((b.High[0] - (double)b.Low[0]) * ((x >> 7) / 16777216.0))),
        _ => throw new NotSupportedException($"No action generator for {space}."),
    };
}
