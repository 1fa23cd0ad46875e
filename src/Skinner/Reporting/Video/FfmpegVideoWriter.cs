using System.Diagnostics;
using System.Globalization;
using System.Text;
using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Video;

/// <summary>
/// Writes an H.264 MP4 through the <c>ffmpeg</c> program (libx264, preset <see cref="Preset"/>). Frames are converted
/// here to YUV 4:2:0 (BT.601, odd sizes padded to even ones with black, as yuv420p requires) and piped to ffmpeg,
/// which then has only to encode them. Available only where <see cref="IsAvailable"/> says ffmpeg is on the PATH.
/// The caller pays for the conversion and the pipe, and waits whenever ffmpeg falls behind
/// (<see cref="BackgroundVideoSink"/> moves all of that off the training thread). The video is written to a
/// temporary file and moved into place by <see cref="Complete"/>.
/// </summary>
public sealed class FfmpegVideoWriter : IVideoWriter
{
    /// <summary>
    /// The x264 preset. A recorded episode is a flat drawing that any preset compresses well: on 92 CartPole frames
    /// (600×400) "ultrafast" took 0.23 s of processor time against 0.36 s for "veryfast" (0.12 s of either is
    /// starting ffmpeg), for a file of 60 KB instead of 12 KB at the same quality setting. Training records while it
    /// learns, on the same cores, so the encoder's time matters more than the bytes.
    /// </summary>
    public const string Preset = "ultrafast";

    private static readonly Lazy<string?> s_executable = new(FindExecutable);

    private readonly string _tempPath;
    private readonly double _fps;
    private readonly int _crf;
    private readonly StringBuilder _errors = new();
    private Process? _process;
    private Stream? _stdin;
    private int _width, _height;
    private byte[] _yuv = [];
    private bool _closed;

    /// <summary>Prepares an MP4 at <paramref name="path"/>; ffmpeg starts with the first frame, which fixes the size.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="framesPerSecond">Playback rate.</param>
    /// <param name="crf">x264 constant rate factor: 0 lossless, 23 ffmpeg's default, 51 worst.</param>
    public FfmpegVideoWriter(string path, double framesPerSecond = 30, int crf = 23)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "Frames per second must be a positive number.");
        ArgumentOutOfRangeException.ThrowIfNegative(crf);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(crf, 51);
        if (ExecutablePath is null)
            throw new InvalidOperationException("ffmpeg is not on the PATH; install it (e.g. apt-get install ffmpeg) or record GIFs only (check FfmpegVideoWriter.IsAvailable first).");
        FilePath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(dir);
        _tempPath = Path.Combine(dir, $".{Path.GetFileName(FilePath)}.{Guid.NewGuid():N}.tmp");
        _fps = framesPerSecond;
        _crf = crf;
    }

    /// <summary>True when an <c>ffmpeg</c> executable is on the PATH (looked up once).</summary>
    public static bool IsAvailable => ExecutablePath is not null;

    /// <summary>The ffmpeg found on the PATH, or null.</summary>
    public static string? ExecutablePath => s_executable.Value;

    /// <inheritdoc/>
    public string FilePath { get; }

    /// <inheritdoc/>
    public int FrameCount { get; private set; }

    /// <inheritdoc/>
    public void AddFrame(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_process is null) Start(frame.Width, frame.Height);
        else if (frame.Width != _width || frame.Height != _height)
            throw new ArgumentException($"Frame {FrameCount} is {frame.Width}x{frame.Height} but the video is {_width}x{_height}; render every frame at one size.", nameof(frame));
        Yuv420.FromRgb(frame.Rgb, _width, _height, _yuv);
        try { _stdin!.Write(_yuv); }
        catch (IOException e) { throw Failure("ffmpeg stopped reading frames", e); }
        FrameCount++;
    }

    /// <inheritdoc/>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (FrameCount == 0) throw new InvalidOperationException($"No frame was added to {FilePath}; a video needs at least one.");
        _closed = true;
        try
        {
            _stdin!.Dispose();
            if (!_process!.WaitForExit(TimeSpan.FromMinutes(5))) throw Failure("ffmpeg did not finish within five minutes", null);
            _process.WaitForExit();   // drains the error stream
            if (_process.ExitCode != 0) throw Failure($"ffmpeg exited with code {_process.ExitCode}", null);
            File.Move(_tempPath, FilePath, overwrite: true);
        }
        finally
        {
            Cleanup();
        }
    }

    /// <inheritdoc/>
    public void Abort()
    {
        _closed = true;
        Cleanup();
    }

    /// <summary>Completes the video if it has frames, else discards it.</summary>
    public void Dispose()
    {
        if (!_closed && FrameCount > 0) Complete();
        else Abort();
    }

    private void Start(int width, int height)
    {
        (_width, _height) = (width, height);
        _yuv = new byte[Yuv420.FrameBytes(width, height)];
        var (paddedWidth, paddedHeight) = Yuv420.PaddedSize(width, height);
        var info = new ProcessStartInfo(ExecutablePath!)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string fps = _fps.ToString("R", CultureInfo.InvariantCulture);
        // One x264 thread: its worker threads only add hand-offs when training holds the cores already.
        foreach (string arg in (string[])[
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{paddedWidth}x{paddedHeight}", "-r", fps, "-i", "-",
            "-an", "-c:v", "libx264", "-preset", Preset, "-threads", "1", "-pix_fmt", "yuv420p", "-crf", _crf.ToString(CultureInfo.InvariantCulture),
            "-movflags", "+faststart", "-f", "mp4", _tempPath])
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        LowerPriority(_process);
        // Read both output streams as they come, or a chatty ffmpeg fills a pipe and both processes wait forever.
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _stdin = _process.StandardInput.BaseStream;
    }

    /// <summary>
    /// Lowers ffmpeg to <see cref="ProcessPriorityClass.BelowNormal"/> (nice 10 on Linux) before it reads a frame, so
    /// before x264 starts the threads that inherit it: encoding then fills the cores that training leaves idle instead
    /// of taking turns with it, and catches up at full speed when training stops. Where the system refuses, ffmpeg keeps
    /// normal priority; the video is the same either way.
    /// </summary>
    private static void LowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Exited already, or not permitted here: encoding at normal priority is only slower for training.
        }
    }

    private InvalidOperationException Failure(string what, Exception? inner)
    {
        string errors;
        lock (_errors) errors = _errors.ToString().Trim();
        return new InvalidOperationException($"{what} while writing {FilePath}: {(errors.Length > 0 ? errors : "no message")}", inner);
    }

    private void Cleanup()
    {
        try { _stdin?.Dispose(); }
        catch (IOException) { /* the process is gone already */ }
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
        if (File.Exists(_tempPath)) File.Delete(_tempPath);
    }

    private static string? FindExecutable()
    {
        string name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
