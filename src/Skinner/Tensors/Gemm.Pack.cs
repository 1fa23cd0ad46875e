using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>Test and tuning hook: 0 packs where it pays, 1 always packs, 2 packs only what must be packed, 3 packs B only.</summary>
    internal static int PackMode { get; set; }

    // B must be packed when transposed (its columns are not contiguous). Otherwise a B micro-panel read in
    // place strides by ldb, and at power-of-two strides its KC rows crowd a few L1 sets; the copy (one
    // vectorised pass over B) pays for itself once each panel serves several row tiles.
    private static bool ShouldPackB<TK>(in Problem p) where TK : struct, IMicroKernel => PackMode switch
    {
        1 or 3 => true,
        2 => p.TransB,
        _ => p.TransB || p.M >= 4 * TK.MR,
    };

    // Read in place, an A micro-panel is MR rows at stride lda (or, transposed, one short run per step), reached
    // from L1/L2 with hardware prefetch; at the sizes of reinforcement learning (A up to a few hundred KiB) packing A,
    // a scalar gather, cost more than it saved on Zen 3. A block of a large A read in place spans many pages, and at
    // a 4 KiB stride every step of a transposed A lands in one L1 set: from 2 MiB of A (1024×512) up, packing won
    // (1024³ on one thread: medians 48-55 to 60-67 GFLOP/s untransposed, 51-63 to 62-65 transposed), at 512³ it
    // was a wash. The copy pays only across many columns: a product split into column strips over threads would pack
    // the whole of A once per strip (at 1024³ on two threads, 79-91 GFLOP/s against 82-93 unpacked), so a strip
    // narrower than PackAMinColumns reads A in place.
    internal const long PackALargeFloats = 1 << 19;

    internal const int PackAMinColumns = 512;

    private static bool ShouldPackA(in Problem p) => PackMode switch
    {
        1 => true,
        0 => (long)p.M * p.K >= PackALargeFloats && p.N >= PackAMinColumns,
        _ => false,
    };

    /// <summary>
    /// Packs rows [ic, ic+mc) × depth [pc, pc+kc) of op(A) into MR-tall panels, each stored step by step
    /// (MR values per k), with rows past the edge zeroed so the kernel can run whole tiles.
    /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB(in Problem p, int pc, int kc, int jc, int nc, int nr, bool simd, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr, dst += (nint)nr * kc)
        {
            int cols = Math.Min(nr, nc - jr);
            if (p.TransB)
            {
                int j0 = simd ? PackTransposed4x4(p.B + (nint)(jc + jr) * p.Ldb + pc, p.Ldb, cols, kc, nr, dst) : 0;
                for (int j = j0; j < cols; j++)
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
                if (simd && cols == nr && nr % 8 == 0 && Vector256.IsHardwareAccelerated)
                {
                    // Whole panels (the common case) copy a row of NR floats in 8-wide moves: a call to a general
                    // block copy per 64-byte row costs more than the copy itself.
                    for (int q = 0; q < kc; q++, src += p.Ldb)
                    {
                        float* d = dst + (nint)q * nr;
                        for (int j = 0; j < nr; j += 8) Vector256.Store(Vector256.Load(src + j), d + j);
                    }
                    continue;
                }
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
    /// Packs whole groups of four stored rows of a transposed B (columns of op(B)) with 4×4 register
    /// transposes, a quarter of the loads and stores of an element-by-element copy; returns the columns done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int PackTransposed4x4(float* src, nint ld, int cols, int kc, int nr, float* dst)
    {
        if (!Sse.IsSupported) return 0;
        int groups = cols & ~3, depth = kc & ~3;
        for (int j = 0; j < groups; j += 4)
        {
            float* s0 = src + j * ld, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
            float* d = dst + j;
            int q = 0;
            for (; q < depth; q += 4, d += 4 * nr)
            {
                var t0 = Sse.UnpackLow(Sse.LoadVector128(s0 + q), Sse.LoadVector128(s1 + q));
                var t1 = Sse.UnpackLow(Sse.LoadVector128(s2 + q), Sse.LoadVector128(s3 + q));
                var t2 = Sse.UnpackHigh(Sse.LoadVector128(s0 + q), Sse.LoadVector128(s1 + q));
                var t3 = Sse.UnpackHigh(Sse.LoadVector128(s2 + q), Sse.LoadVector128(s3 + q));
                Sse.Store(d, Sse.MoveLowToHigh(t0, t1));
                Sse.Store(d + nr, Sse.MoveHighToLow(t1, t0));
                Sse.Store(d + 2 * nr, Sse.MoveLowToHigh(t2, t3));
                Sse.Store(d + 3 * nr, Sse.MoveHighToLow(t3, t2));
            }
            for (; q < kc; q++, d += nr)
            {
                d[0] = s0[q];
                d[1] = s1[q];
                d[2] = s2[q];
                d[3] = s3[q];
            }
        }
        return groups;
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
