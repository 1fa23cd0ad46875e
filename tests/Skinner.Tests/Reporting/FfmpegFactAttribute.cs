using Skinner.Reporting.Video;

namespace Skinner.Tests.Reporting;

/// <summary>A fact that needs the ffmpeg program: skipped, with the reason, where ffmpeg is not on the PATH.</summary>
internal sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!FfmpegVideoWriter.IsAvailable) Skip = "ffmpeg is not on the PATH (install it to test MP4 output)";
    }
}
