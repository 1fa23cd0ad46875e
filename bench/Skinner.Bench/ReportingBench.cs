using System.Diagnostics;
using Skinner.Envs.Rendering;
using Skinner.Reporting.Images;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Plots;
using Skinner.Reporting.Video;

namespace Skinner.Bench;

/// <summary>
/// What reporting costs a training loop: nanoseconds per <see cref="MetricLogger.Log"/> call (CSV and TensorBoard,
/// buffered), milliseconds per 600×400 GIF frame of a cart-pole-like scene, per CartPole frame converted to YUV 4:2:0
/// for ffmpeg, and milliseconds to render and encode an 800×500 learning curve. Usage: <c>reporting [log-calls]</c> (default 1000000).
/// </summary>
public static class ReportingBench
{
    public static void Run(string[] args)
    {
        int calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        string dir = Directory.CreateTempSubdirectory("skinner-bench-reporting").FullName;
        try
        {
            Logger(dir, calls / 10);
            Bare(dir, calls / 10);
            double ns = Logger(dir, calls), bare = Bare(dir, calls);
            // The reference, measured in the same run: formatting one number into a buffered text file per call.
            Report.Emit("reporting", "metric_logger_log", "ns/call", ns, ("calls", calls), ("sinks", "csv+tensorboard"),
                ("bare_write_ns", bare), ("logger_over_bare", ns / bare));
            Gif(dir, 10);
            double gif = Gif(dir, 200);
            Report.Emit("reporting", "gif_frame_600x400", "ms/frame", gif, ("frames", 200));
            Yuv(50);
            Report.Emit("reporting", "yuv420_cartpole_frame_600x400", "ms/frame", Yuv(500), ("frames", 500));
            Plot(dir);
            var (render, png) = Plot(dir);
            Report.Emit("reporting", "learning_curve_800x500_render", "ms", render);
            Report.Emit("reporting", "learning_curve_800x500_png", "ms", png);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static double Logger(string dir, int calls)
    {
        string run = Path.Combine(dir, Guid.NewGuid().ToString("N"));
        var sw = Stopwatch.StartNew();
        using (var log = MetricLogger.Create(run))
        {
            for (int i = 0; i < calls; i++) log.Log(i / 4, (i & 3) switch { 0 => MetricNames.TdLoss, 1 => MetricNames.QValues, 2 => MetricNames.Epsilon, _ => MetricNames.StepsPerSecond }, i * 0.5);
        }
        return sw.Elapsed.TotalNanoseconds / calls;
    }

    private static double Bare(string dir, int calls)
    {
        var sw = Stopwatch.StartNew();
        using (var writer = new StreamWriter(Path.Combine(dir, Guid.NewGuid().ToString("N") + ".txt")))
        {
            for (int i = 0; i < calls; i++)
            {
                writer.Write((i * 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
        return sw.Elapsed.TotalNanoseconds / calls;
    }

    private static double Gif(string dir, int frames)
    {
        var frame = new Frame(400, 600);
        var sw = Stopwatch.StartNew();
        using (var gif = new GifWriter(Path.Combine(dir, "bench.gif"), 50))
        {
            for (int t = 0; t < frames; t++)
            {
                Array.Fill(frame.Rgb, (byte)255);
                int cart = 200 + (int)(100 * Math.Sin(t * 0.05));
                for (int y = 280; y < 310; y++)
                    for (int x = cart - 25; x < cart + 25; x++) frame.Rgb[(y * 600 + x) * 3] = frame.Rgb[(y * 600 + x) * 3 + 1] = frame.Rgb[(y * 600 + x) * 3 + 2] = 0;
                gif.AddFrame(frame);
            }
        }
        return sw.Elapsed.TotalMilliseconds / frames;
    }

    /// <summary>Milliseconds to convert a CartPole frame to YUV 4:2:0 for ffmpeg (the frames drawn beforehand).</summary>
    private static double Yuv(int frames)
    {
        using var env = Envs.Envs.Make("CartPole-v1");
        env.Reset(0);
        var drawn = new List<Frame>();
        for (int t = 0; t < 20; t++)
        {
            if (env.Step([t % 3 == 0 ? 0 : 1]).Done) env.Reset();
            drawn.Add(env.Render()!);
        }
        var yuv = new byte[Yuv420.FrameBytes(600, 400)];
        var sw = Stopwatch.StartNew();
        for (int t = 0; t < frames; t++) Yuv420.FromRgb(drawn[t % drawn.Count].Rgb, 600, 400, yuv);
        return sw.Elapsed.TotalMilliseconds / frames;
    }

    private static (double Render, double Png) Plot(string dir)
    {
        var rng = new Random(1);
        long[] steps = [.. Enumerable.Range(1, 1000).Select(i => (long)i * 200)];
        double[] returns = [.. steps.Select(s => Math.Min(500, s / 400.0 + rng.Next(50)))];
        var plot = LearningCurve.ForRun("CartPole-v1", "DQN", 1, steps, returns, 475);
        var sw = Stopwatch.StartNew();
        byte[] rgb = plot.ToRgb();
        double render = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        PngEncoder.Encode(rgb, plot.Width, plot.Height, PngColorType.Rgb);
        return (render, sw.Elapsed.TotalMilliseconds);
    }
}
