using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// The widest SIMD path the kernel may use, in bits: 512, 256, 128, or 0 for scalar. Starts from
    /// <see cref="Simd.MaxWidth"/>, that is the environment variable <c>SKINNER_SIMD</c> (<c>512</c>, <c>256</c>,
    /// <c>128</c> or <c>scalar</c>), or 512 when it is unset; the path taken is the widest one at or below this cap
    /// that the processor accelerates.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 512, 256, 128 or 0.</exception>
    public static int MaxWidth
    {
        get => Settings.MaxWidth;
        set
        {
            if (value is not (512 or 256 or 128 or 0))
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxWidth must be 512, 256, 128 or 0 (scalar).");
            Settings.MaxWidth = value;
        }
    }

    /// <summary>
    /// The most threads the engine uses: for one product, and for two independent pieces of work side by side (the
    /// halves of an update whose actor and critic are separate networks, a layer's two gradient products); 1 keeps
    /// everything on the calling thread. Defaults to <see cref="Environment.ProcessorCount"/>. Only work large enough
    /// to pay for the hand-off is split, and the results are the same either way.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => Settings.MaxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Settings.MaxThreads = value;
        }
    }

    /// <summary>The widest path this processor runs natively with fused multiply-add: 512, 256, 128 or 0.</summary>
    internal static int HardwareWidth { get; } = DetectHardwareWidth();

    /// <summary>
    /// Test hook: when set, <see cref="MaxWidth"/> is taken as is, even above <see cref="HardwareWidth"/>, so every
    /// kernel can be checked on any machine (wider vectors then run in the runtime's software fallback).
    /// </summary>
    internal static bool EmulateWidth { get; set; }

    /// <summary>The path the next product takes.</summary>
    internal static int ActiveWidth => EmulateWidth ? MaxWidth : Math.Min(MaxWidth, HardwareWidth);

    private static int DetectHardwareWidth()
    {
        bool fma = Fma.IsSupported || AdvSimd.IsSupported;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported) return 512;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) return 256;
        if (Vector128.IsHardwareAccelerated && fma) return 128;
        return 0;
    }

    /// <summary>Process-wide settings: the width cap starts from <see cref="Simd.MaxWidth"/> (the one reader of
    /// <c>SKINNER_SIMD</c>) and both can be set afterwards, apart from the elementwise kernels.</summary>
    private static class Settings
    {
        private const int Unread = -1;
        private static volatile int s_maxWidth = Unread;
        private static volatile int s_maxThreads = Environment.ProcessorCount;

        public static int MaxWidth
        {
            get
            {
                int w = s_maxWidth;
                if (w == Unread) s_maxWidth = w = Simd.MaxWidth;
                return w;
            }
            set => s_maxWidth = value;
        }

        public static int MaxThreads { get => s_maxThreads; set => s_maxThreads = value; }
    }
}
