using System.Globalization;
using System.Text.Json;

namespace Skinner.Bench;

/// <summary>
/// Benchmarks that print one JSON object per measurement:
/// <c>{"bench": NAME, "case": CASE, "unit": UNIT, "value": NUMBER, ...}</c>.
/// Run as <c>dotnet run -c Release --project bench/Skinner.Bench -- NAME [NAME...]</c>; no name lists them.
/// </summary>
public static class Program
{
    // Each benchmark registers here: name, one-line description, entry point.
    private static readonly (string Name, string Description, Action<string[]> Run)[] s_benches =
    [
        ("env-steps", "environment steps/s, single, vector and threaded, for every registered id", EnvStepsBench.Run),
        ("minatar", "MinAtar steps per second per game, through the env and bare", MinAtarBench.Run),
        ("gemm", "matrix multiply GFLOP/s against the measured FMA peak", GemmBench.Run),
        ("dqn-update", "one DQN gradient step (target, forward, backward, Adam), microseconds, one thread", DqnUpdateBench.Run),
        ("ddpg-update", "one DDPG update (critic, actor, Polyak) on 3-400-300-1 networks, microseconds, one thread", DdpgUpdateBench.Run),
        ("optim", "optimizer step throughput (SGD, Adam, RMSprop) and Adam's speed-up over a scalar loop", OptimizerBench.Run),
        ("logging-overhead", "steps/s of DQN training with and without metrics files and videos (target: within 5%)", LoggingOverheadBench.Run),
        ("learn", "learning benchmarks: train with 3 seeds, evaluate, write docs/benchmarks.md", LearnBench.Run),
        ("reporting", "metric logger ns/call, GIF ms/frame, learning-curve render and PNG ms", ReportingBench.Run),
        ("render", "frames/s of the classic-control renderers; CartPolePixels-v1 steps/s", RenderBench.Run),
        ("conv2d", "Conv2d forward and forward+backward at DQN and CartPole-pixels sizes", Conv2dBench.Run),
        ("random-policy", "mean return of uniformly random actions on one environment (the floor for 'above random')", RandomPolicyBench.Run),
    ];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
        {
            Console.WriteLine("usage: Skinner.Bench NAME [options]");
            foreach (var b in s_benches) Console.WriteLine($"  {b.Name,-14} {b.Description}");
            return args.Length == 0 ? 1 : 0;
        }
        var bench = s_benches.FirstOrDefault(b => b.Name == args[0]);
        if (bench.Name is null)
        {
            Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: {string.Join(", ", s_benches.Select(b => b.Name))}.");
            return 2;
        }
        if (bench.Name == "learn" && ToolJitSettings.QuickJitByDefault) return ToolJitSettings.RunAgainWithoutQuickJit(args);
        bench.Run(args[1..]);
        return 0;
    }
}

/// <summary>Writes measurements as JSON lines.</summary>
public static class Report
{
    /// <summary>Prints one measurement; extra fields are appended in order.</summary>
    public static void Emit(string bench, string @case, string unit, double value, params (string Key, object Value)[] extra)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("bench", bench);
            w.WriteString("case", @case);
            w.WriteString("unit", unit);
            w.WriteNumber("value", Math.Round(value, 3));
            foreach (var (k, v) in extra)
            {
                switch (v)
                {
                    case string s: w.WriteString(k, s); break;
                    case int i: w.WriteNumber(k, i); break;
                    case long l: w.WriteNumber(k, l); break;
                    case double d: w.WriteNumber(k, Math.Round(d, 4)); break;
                    case bool b: w.WriteBoolean(k, b); break;
                    default: w.WriteString(k, Convert.ToString(v, CultureInfo.InvariantCulture)); break;
                }
            }
            w.WriteEndObject();
        }
        Console.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }
}
