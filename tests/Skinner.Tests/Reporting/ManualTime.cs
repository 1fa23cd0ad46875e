namespace Skinner.Tests.Reporting;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
