namespace Skinner.Tensors;

/// <summary>
/// Walks the lanes of an <see cref="Axis"/>: the <c>Outer·Inner</c> 1-D runs of <c>Length</c> elements along
/// the dim. A lane is contiguous when Inner is 1 (the usual last-dim case) and is worked in place; otherwise
/// it is copied to a scratch buffer so that the same contiguous SIMD code serves every dim.
/// </summary>
internal static class Lanes
{
    public static void Load(ReadOnlySpan<float> src, Axis ax, int lane, Span<float> dst)
    {
        int o = lane / ax.Inner, i = lane % ax.Inner;
        int b = o * ax.Length * ax.Inner + i;
        for (int j = 0; j < ax.Length; j++) dst[j] = src[b + j * ax.Inner];
    }

    public static void Store(ReadOnlySpan<float> src, Axis ax, int lane, Span<float> dst)
    {
        int o = lane / ax.Inner, i = lane % ax.Inner;
        int b = o * ax.Length * ax.Inner + i;
        for (int j = 0; j < ax.Length; j++) dst[b + j * ax.Inner] = src[j];
    }

    public static void AddStore(ReadOnlySpan<float> src, Axis ax, int lane, Span<float> dst)
    {
        int o = lane / ax.Inner, i = lane % ax.Inner;
        int b = o * ax.Length * ax.Inner + i;
        for (int j = 0; j < ax.Length; j++) dst[b + j * ax.Inner] += src[j];
    }
}
