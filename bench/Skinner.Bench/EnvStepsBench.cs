using System.Diagnostics;
using System.Globalization;
using Skinner.Envs;
using Skinner.Envs.Vector;

namespace Skinner.Bench;

/// <summary>
/// <c>env-steps</c>: environment steps per second with random actions (episode resets included) for every
/// registered environment, as one environment from <c>Envs.Make</c> (<c>ID/single</c>), 64 copies on one
/// thread (<c>ID/vec64-t1</c>, the specialised vector environment where one exists) and 64 copies on every
/// core (<c>ID/vec64-tall</c>). Where a Gymnasium figure is known the line carries it and the ratio.
/// Each line also carries <c>steps_per_cpu_s</c>, the steps per second of processor time the process used,
/// which a busy machine disturbs much less than the wall-clock <c>value</c>.
/// Options: <c>--seconds S</c> per case (default 1), <c>--only TEXT</c> to keep ids containing TEXT,
/// <c>--kind single|vec</c> to keep one form (for profiling one of them).
/// </summary>
public static class EnvStepsBench
{
    private const int NumEnvs = 64;
    private const int ActionPool = 1 << 16;

    // Gymnasium 0.29.1 through gymnasium.make, random actions, one environment (steps/s).
    private static readonly Dictionary<string, double> s_gymnasium = new(StringComparer.Ordinal)
    {
        ["CartPole-v1"] = 213_000,
        ["Pendulum-v1"] = 31_000,
        ["Acrobot-v1"] = 26_000,
    };

    public static void Run(string[] args)
    {
        double seconds = 1.0;
        string? only = null;
        string? kind = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i];
                    break;
                case "--kind" when i + 1 < args.Length && args[i + 1] is "single" or "vec":
                    kind = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown env-steps option '{args[i]}'. Options: --seconds S, --only TEXT, --kind single|vec.");
            }
        }
        foreach (var spec in Envs.Envs.Specs)
        {
            if (only is not null && !spec.Id.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            Bench(spec.Id, seconds, kind);
        }
    }

    private static void Bench(string id, double seconds, string? kind)
    {
        if (kind != "vec")
        {
            using var env = Envs.Envs.Make(id);
            var actions = Pool(env.ActionSpace);
            Emit(id, "single", MeasureSingle(env, actions, seconds), ("impl", "Envs.Make"), ("threads", 1));
        }
        if (kind == "single") return;
        int threads = Environment.ProcessorCount;
        using (var vec = VectorEnvs.Make(id, NumEnvs))
            Emit(id, "vec64-t1", MeasureVector(vec, seconds), ("impl", vec.GetType().Name), ("threads", 1));
        if (VectorEnvs.IsSpecialised(id))
        {
            using var sync = new SyncVectorEnv(() => Envs.Envs.Make(id), NumEnvs);
            Emit(id, "vec64-t1-sync", MeasureVector(sync, seconds), ("impl", nameof(SyncVectorEnv)), ("threads", 1));
        }
        using (var vec = VectorEnvs.Make(id, NumEnvs, threads))
            Emit(id, "vec64-tall", MeasureVector(vec, seconds), ("impl", vec.GetType().Name), ("threads", threads));
    }

    private static (double Wall, double Cpu) MeasureSingle(IEnv env, float[] pool, double seconds)
    {
        int size = env.ActionSpace.FlatSize;
        int cursor = 0;
        env.Reset(seed: 0);
        long Chunk(int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                if (env.Step(pool.AsSpan(cursor, size)).Done) env.Reset();
                cursor += size;
                if (cursor + size > pool.Length) cursor = 0;
            }
            return steps;
        }
        return Timed(Chunk, seconds);
    }

    private static (double Wall, double Cpu) MeasureVector(IVectorEnv vec, double seconds)
    {
        int row = vec.NumEnvs * vec.ActionSize;
        var pool = Pool(vec.SingleActionSpace);
        int cursor = 0;
        vec.Reset(seed: 0);
        long Chunk(int calls)
        {
            for (int s = 0; s < calls; s++)
            {
                vec.Step(pool.AsSpan(cursor, row));
                cursor += row;
                if (cursor + row > pool.Length) cursor = 0;
            }
            return (long)calls * vec.NumEnvs;
        }
        return Timed(Chunk, seconds);
    }

    // Warms up for a third of the time (so that tiered compilation settles), then counts steps per second.
    private static (double Wall, double Cpu) Timed(Func<int, long> chunk, double seconds)
    {
        int calls = 1;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds / 3)
        {
            chunk(calls);
            if (calls < 1 << 20) calls *= 2;
        }
        calls = Math.Max(1, calls / 8);
        long steps = 0;
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed.TotalSeconds < seconds) steps += chunk(calls);
        double wall = timer.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        return (steps / wall, steps / cpu);
    }

    // Random actions drawn up front, so the loop measures the environment, not the sampler.
    private static float[] Pool(Space space)
    {
        var random = new Random(12345);
        var pool = new float[ActionPool * space.FlatSize];
        for (int i = 0; i < pool.Length; i++)
        {
            int k = i % space.FlatSize;
            pool[i] = space switch
            {
                Discrete d => d.Start + random.Next(d.N),
                Box b when float.IsFinite(b.Low[k]) && float.IsFinite(b.High[k]) => (float)(b.Low[k] + (b.High[k] - (double)b.Low[k]) * random.NextDouble()),
                _ => (float)(2 * random.NextDouble() - 1),
            };
        }
        return pool;
    }

    private static void Emit(string id, string kind, (double Wall, double Cpu) rate, params (string Key, object Value)[] extra)
    {
        double stepsPerSecond = rate.Wall;
        var fields = new List<(string, object)>(extra) { ("steps_per_cpu_s", Math.Round(rate.Cpu)) };
        if (s_gymnasium.TryGetValue(id, out double gym))
        {
            fields.Add(("gymnasium_steps_per_s", gym));
            fields.Add(("ratio_vs_gymnasium", stepsPerSecond / gym));
            fields.Add(("cpu_ratio_vs_gymnasium", rate.Cpu / gym));
        }
        Report.Emit("env-steps", $"{id}/{kind}", "steps/s", stepsPerSecond, [.. fields]);
    }
}
