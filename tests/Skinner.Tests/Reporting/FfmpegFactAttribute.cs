using System.Diagnostics;
using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

/// <summary>A fact that needs the ffmpeg program: skipped, with the reason, where ffmpeg is not on the PATH.</summary>
internal sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!FfmpegVideoWriter.IsAvailable) Skip = "ffmpeg is not on the PATH (install it to test MP4 output)";
    }

    /// <summary>Decodes a video or GIF to concatenated RGB frames with ffmpeg itself, an independent decoder.</summary>
    public static byte[] DecodeRgb(string path)
    {
        var info = new ProcessStartInfo(FfmpegVideoWriter.ExecutablePath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-loglevel", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var errors = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, errors.Result);
        return ms.ToArray();
    }
}
