using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// Caps the widest SIMD path the elementwise kernels take. Read once from the environment variable
/// <c>SKINNER_SIMD</c> (<c>512</c>, <c>256</c>, <c>128</c> or <c>scalar</c>; unset means the widest the
/// hardware has), so that every path can be exercised and compared on one machine.
/// </summary>
public static class Simd
{
    /// <summary>The environment variable that caps the vector width.</summary>
    public const string Variable = "SKINNER_SIMD";

    /// <summary>The widest vector width in bits the kernels may use (512, 256, 128), or 0 for scalar code only.</summary>
    public static int MaxWidth { get; internal set; } = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>
    /// When set, a path within <see cref="MaxWidth"/> runs even if the hardware only emulates it (tests use this
    /// to check the Vector512 code on machines without AVX-512).
    /// </summary>
    internal static bool IgnoreHardware { get; set; }

    internal static bool Use512
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MaxWidth >= 512 && (IgnoreHardware || Vector512.IsHardwareAccelerated);
    }

    internal static bool Use256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MaxWidth >= 256 && (IgnoreHardware || Vector256.IsHardwareAccelerated);
    }

    internal static bool Use128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MaxWidth >= 128 && (IgnoreHardware || Vector128.IsHardwareAccelerated);
    }

    /// <summary>Parses a <c>SKINNER_SIMD</c> value; null or empty means no cap.</summary>
    internal static int Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "512" => 512,
        "256" => 256,
        "128" => 128,
        "scalar" or "0" => 0,
        _ => throw new ArgumentException($"{Variable}='{value}' is not a SIMD width: use 512, 256, 128 or scalar (or leave it unset)."),
    };
}
