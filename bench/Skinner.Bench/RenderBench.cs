using System.Diagnostics;
using System.Globalization;
using Skinner.Envs;

namespace Skinner.Bench;

/// <summary>
/// <c>render</c>: frames per second of each classic-control renderer (the Canvas rasteriser at the
/// environments' Gymnasium sizes, anti-aliased), and steps per second of <c>CartPolePixels-v1</c>, whose
/// step is a CartPole step plus a render, crop and area-average shrink. Steps use a fixed LCG's actions.
/// Option: seconds per case (default 1). An untimed first pass of a quarter of that warms the JIT up.
/// Each line also carries the rate per second of processor time used by the process (<c>per_cpu_s</c>),
/// which a busy machine disturbs much less than the wall-clock <c>value</c>.
/// </summary>
public static class RenderBench
{
    private static readonly string[] s_rendered = ["CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1"];

    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        foreach (string id in s_rendered)
        {
            Frames(id, seconds / 4);
            var cpu = Cpu();
            var (frames, elapsed) = Frames(id, seconds);
            Report.Emit("render", id, "frames/s", frames / elapsed, ("frames", frames), ("per_cpu_s", frames / (Cpu() - cpu)));
        }
        Steps("CartPolePixels-v1", seconds / 4);
        var start = Cpu();
        var (steps, time) = Steps("CartPolePixels-v1", seconds);
        Report.Emit("render", "CartPolePixels-v1/step", "steps/s", steps / time, ("steps", steps), ("per_cpu_s", steps / (Cpu() - start)));
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

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

    private static (long Steps, double Seconds) Steps(string id, double seconds)
    {
        using var env = Envs.Envs.Make(id);
        env.Reset(0);
        long x = 1, steps = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            x = ((1103515245 * x) + 12345) % 2147483648;
            if (env.Step([(x >> 16) % 2]).Done) env.Reset();
            steps++;
        }
        return (steps, sw.Elapsed.TotalSeconds);
    }
}
