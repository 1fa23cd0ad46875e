using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Skinner.Bench;

/// <summary>
/// Times the PyTorch side of <c>dqn-update</c> and <c>ddpg-update</c> on this machine, in the same run, with
/// <c>bench/reference/pytorch_updates.py</c> (the same networks, steps and batch sizes, one thread). The Python is
/// <c>SKINNER_PYTORCH_PYTHON</c> when set, else <c>/usr/bin/python3</c> (where Debian's <c>python3-torch</c> goes),
/// else <c>python3</c> on the PATH. Where none of them imports torch, or <c>--no-pytorch</c> is given, the benchmarks
/// say why on standard error and compare with the figures written in the issue only.
/// </summary>
public static class PytorchReference
{
    /// <summary>Median and fastest step of one case, in microseconds.</summary>
    public readonly record struct Timing(double MedianUs, double BestUs, string Torch);

    /// <summary>Runs the reference for <paramref name="which"/> (<c>dqn</c> or <c>ddpg</c>); null when it cannot run.</summary>
    public static Dictionary<string, Timing>? Measure(string which, int steps, string[] args)
    {
        if (args.Contains("--no-pytorch")) return null;
        string script = Path.Combine(AppContext.BaseDirectory, "reference", "pytorch_updates.py");
        if (!File.Exists(script))
        {
            Console.Error.WriteLine($"PyTorch reference skipped: {script} is missing (rebuild the benchmark project).");
            return null;
        }
        string? configured = Environment.GetEnvironmentVariable("SKINNER_PYTORCH_PYTHON");
        string[] candidates = configured is { Length: > 0 } ? [configured] : ["/usr/bin/python3", "python3"];
        string? lastError = null;
        foreach (string python in candidates)
        {
            if (Path.IsPathRooted(python) && !File.Exists(python)) continue;
            var result = Run(python, script, which, steps);
            if (result.Timings is not null) return result.Timings;
            lastError = $"{python}: {result.Error}";
        }
        Console.Error.WriteLine($"PyTorch reference skipped ({lastError ?? "no python3 found"}); on Debian `apt-get install python3-torch libopenblas0-pthread` adds it.");
        return null;
    }

    private static (Dictionary<string, Timing>? Timings, string Error) Run(string python, string script, string which, int steps)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[script, "--only", which, "--steps", steps.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(arg);
        // One thread, as for Skinner: OpenBLAS starts its own pool unless told.
        info.Environment["OPENBLAS_NUM_THREADS"] = "1";
        info.Environment["OMP_NUM_THREADS"] = "1";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("not started");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, e.Message);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string[] lines = stderr.Result.Trim().Split('\n');
                return (null, lines.Length > 0 && lines[^1].Length > 0 ? lines[^1].Trim() : $"exit code {process.ExitCode}");
            }
            var timings = new Dictionary<string, Timing>(StringComparer.Ordinal);
            foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                timings[root.GetProperty("case").GetString()!] = new Timing(
                    root.GetProperty("value").GetDouble(), root.GetProperty("best_us").GetDouble(), root.GetProperty("torch").GetString()!);
            }
            return (timings, "");
        }
    }

    /// <summary>The fields a case carries about the reference: PyTorch's median and fastest step here, and how many
    /// times faster Skinner's median is, beside the speed-up the issue asks for.</summary>
    public static (string Key, object Value)[] Fields(Dictionary<string, Timing>? here, string @case, double skinnerUs, double pytorchIssueUs, double targetUs)
    {
        double wanted = pytorchIssueUs / targetUs;
        if (here is null || !here.TryGetValue(@case, out var t)) return [("speedup_wanted", wanted)];
        return
        [
            ("pytorch_here_us", t.MedianUs), ("pytorch_here_best_us", t.BestUs), ("torch", t.Torch),
            ("speedup_vs_pytorch_here", t.MedianUs / skinnerUs), ("speedup_wanted", wanted),
        ];
    }
}
