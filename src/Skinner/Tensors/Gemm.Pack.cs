using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>Test and tuning hook: 0 packs where it pays, 1 always packs, 2 packs only what must be packed.</summary>
    internal static int PackMode { get; set; }

    // A B micro-panel is reused once per MR rows of C; packing it costs about one pass over B, so it pays once
    // the panel is reused a few times, and it must be packed when transposed (columns are not contiguous).
    private static bool ShouldPackB<TK>(in Problem p) where TK : struct, IMicroKernel => PackMode switch
    {
        1 => true,
        2 => p.TransB,
        _ => p.TransB || p.M > 4 * TK.MR,
    };

    // An A micro-panel is reused once per NR columns of C; read in place it strides across rows (or, transposed,
    // across a new cache line per step), so packing pays once the block meets several B panels.
    private static bool ShouldPackA<TK>(in Problem p) where TK : struct, IMicroKernel => PackMode switch
    {
        1 => true,
        2 => false,
        _ => p.N > 4 * TK.NR,
    };

    /// <summary>
    /// Packs rows [ic, ic+mc) × depth [pc, pc+kc) of op(A) into MR-tall panels, each stored step by step
    /// (MR values per k), with rows past the edge zeroed so the kernel can run whole tiles.
    /// </summary>
    private static unsafe void PackA(in Problem p, int ic, int mc, int pc, int kc, int mr, float* dst)
    {
        for (int ir = 0; ir < mc; ir += mr, dst += (nint)mr * kc)
        {
            int rows = Math.Min(mr, mc - ir);
            if (p.TransA)
            {
                float* src = p.A + (nint)pc * p.Lda + ic + ir;
                for (int q = 0; q < kc; q++, src += p.Lda)
                {
                    float* d = dst + (nint)q * mr;
                    for (int r = 0; r < rows; r++) d[r] = src[r];
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    float* src = p.A + (nint)(ic + ir + r) * p.Lda + pc;
                    float* d = dst + r;
                    for (int q = 0; q < kc; q++, d += mr) *d = src[q];
                }
            }
            for (int r = rows; r < mr; r++)
            {
                float* d = dst + r;
                for (int q = 0; q < kc; q++, d += mr) *d = 0f;
            }
        }
    }

    /// <summary>
    /// Packs depth [pc, pc+kc) × columns [jc, jc+nc) of op(B) into NR-wide panels, each stored step by step
    /// (NR values per k), with columns past the edge zeroed.
    /// </summary>
    private static unsafe void PackB(in Problem p, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr, dst += (nint)nr * kc)
        {
            int cols = Math.Min(nr, nc - jr);
            if (p.TransB)
            {
                for (int j = 0; j < cols; j++)
                {
                    float* src = p.B + (nint)(jc + jr + j) * p.Ldb + pc;
                    float* d = dst + j;
                    for (int q = 0; q < kc; q++, d += nr) *d = src[q];
                }
                for (int j = cols; j < nr; j++)
                {
                    float* d = dst + j;
                    for (int q = 0; q < kc; q++, d += nr) *d = 0f;
                }
            }
            else
            {
                float* src = p.B + (nint)pc * p.Ldb + jc + jr;
                uint bytes = (uint)cols * sizeof(float);
                for (int q = 0; q < kc; q++, src += p.Ldb)
                {
                    float* d = dst + (nint)q * nr;
                    Unsafe.CopyBlockUnaligned(d, src, bytes);
                    for (int j = cols; j < nr; j++) d[j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Per-thread pack buffers on the pinned heap, aligned to 64 bytes and grown on demand, so a product
    /// allocates nothing once its thread has seen a product that size.
    /// </summary>
    private sealed unsafe class PackSpace
    {
        [ThreadStatic]
        private static PackSpace? s_current;

        private float[]? _a, _b;
        private float* _aPtr, _bPtr;

        public static PackSpace ForThisThread => s_current ??= new PackSpace();

        public float* A(int floats) => Ensure(ref _a, ref _aPtr, floats);

        public float* B(int floats) => Ensure(ref _b, ref _bPtr, floats);

        private static float* Ensure(ref float[]? array, ref float* aligned, int floats)
        {
            const int AlignFloats = 16;
            if (array is null || array.Length < floats + AlignFloats)
            {
                array = GC.AllocateUninitializedArray<float>(floats + AlignFloats, pinned: true);
                nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
                aligned = (float*)((start + 63) & ~(nint)63);
            }
            return aligned;
        }
    }
}
