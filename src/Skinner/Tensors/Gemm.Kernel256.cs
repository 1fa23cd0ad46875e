using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// AVX2/FMA micro-kernel: a 6×16 tile of C in 12 ymm accumulators, plus 2 for B and 1 broadcast (15 of 16).
    /// 12 independent chains cover two FMA ports at 4-cycle latency (8 needed). Each k step issues 2 B loads and
    /// 6 broadcasts for 12 FMAs (6 cycles), so loads never limit. KC = 256 puts the 16 KiB B micro-panel in a 32 KiB
    /// L1 with room for the A micro-panel; MC = 192 makes the A block 192 KiB, half of a 512 KiB L2.
    /// </summary>
    private readonly struct Kernel256 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 16;
        public static int KC => 256;
        public static int MC => 192;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(nint kc, float* a, nint ars, nint acs, int rows, float* b, nint bs, float* c, nint ldc, bool load)
        {
            // Rows at or past `rows` re-read row 0: always in bounds, and the caller discards their results.
            nint a1 = rows > 1 ? ars : 0;
            nint a2 = rows > 2 ? 2 * ars : 0;
            nint a3 = rows > 3 ? 3 * ars : 0;
            nint a4 = rows > 4 ? 4 * ars : 0;
            nint a5 = rows > 5 ? 5 * ars : 0;
            Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            if (load)
            {
                c00 = Vector256.Load(c);
                c01 = Vector256.Load(c + 8);
                c10 = Vector256.Load(c + ldc);
                c11 = Vector256.Load(c + ldc + 8);
                c20 = Vector256.Load(c + 2 * ldc);
                c21 = Vector256.Load(c + 2 * ldc + 8);
                c30 = Vector256.Load(c + 3 * ldc);
                c31 = Vector256.Load(c + 3 * ldc + 8);
                c40 = Vector256.Load(c + 4 * ldc);
                c41 = Vector256.Load(c + 4 * ldc + 8);
                c50 = Vector256.Load(c + 5 * ldc);
                c51 = Vector256.Load(c + 5 * ldc + 8);
            }
            else
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
            }
            for (; kc > 0; kc--)
            {
                Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
                var x = Vector256.Create(a[0]);
                c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[a1]);
                c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[a2]);
                c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[a3]);
                c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[a4]);
                c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[a5]);
                c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
                a += acs;
                b += bs;
            }
            Vector256.Store(c00, c);
            Vector256.Store(c01, c + 8);
            Vector256.Store(c10, c + ldc);
            Vector256.Store(c11, c + ldc + 8);
            Vector256.Store(c20, c + 2 * ldc);
            Vector256.Store(c21, c + 2 * ldc + 8);
            Vector256.Store(c30, c + 3 * ldc);
            Vector256.Store(c31, c + 3 * ldc + 8);
            Vector256.Store(c40, c + 4 * ldc);
            Vector256.Store(c41, c + 4 * ldc + 8);
            Vector256.Store(c50, c + 5 * ldc);
            Vector256.Store(c51, c + 5 * ldc + 8);
        }

        /// <summary>
        /// The left half of <see cref="Run"/>'s tile, columns 0 to 7, for an edge panel of 8 columns or fewer (such as
        /// the last 4 of 84): each column the same chain of multiply-adds in the same order, so the same numbers, at half
        /// the multiply-adds. It reads and writes C in place, only its first <paramref name="rows"/> rows and
        /// <paramref name="cols"/> columns (masked loads and stores), where the full tile goes through a scratch copy.
        /// Six chains keep the two FMA ports three-quarters busy.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunLeftHalf(nint kc, float* a, nint ars, nint acs, int kernelRows, float* b, nint bs, float* c, nint ldc, int rows, int cols, bool load)
        {
            nint a1 = kernelRows > 1 ? ars : 0;
            nint a2 = kernelRows > 2 ? 2 * ars : 0;
            nint a3 = kernelRows > 3 ? 3 * ars : 0;
            nint a4 = kernelRows > 4 ? 4 * ars : 0;
            nint a5 = kernelRows > 5 ? 5 * ars : 0;
            var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(cols)).AsSingle();
            Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
            if (load)
            {
                c0 = Avx.MaskLoad(c, mask);
                if (rows > 1) c1 = Avx.MaskLoad(c + ldc, mask);
                if (rows > 2) c2 = Avx.MaskLoad(c + 2 * ldc, mask);
                if (rows > 3) c3 = Avx.MaskLoad(c + 3 * ldc, mask);
                if (rows > 4) c4 = Avx.MaskLoad(c + 4 * ldc, mask);
                if (rows > 5) c5 = Avx.MaskLoad(c + 5 * ldc, mask);
            }
            for (; kc > 0; kc--)
            {
                var b0 = Vector256.Load(b);
                c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), b0, c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Create(a[a1]), b0, c1);
                c2 = Vector256.FusedMultiplyAdd(Vector256.Create(a[a2]), b0, c2);
                c3 = Vector256.FusedMultiplyAdd(Vector256.Create(a[a3]), b0, c3);
                c4 = Vector256.FusedMultiplyAdd(Vector256.Create(a[a4]), b0, c4);
                c5 = Vector256.FusedMultiplyAdd(Vector256.Create(a[a5]), b0, c5);
                a += acs;
                b += bs;
            }
            Avx.MaskStore(c, mask, c0);
            if (rows > 1) Avx.MaskStore(c + ldc, mask, c1);
            if (rows > 2) Avx.MaskStore(c + 2 * ldc, mask, c2);
            if (rows > 3) Avx.MaskStore(c + 3 * ldc, mask, c3);
            if (rows > 4) Avx.MaskStore(c + 4 * ldc, mask, c4);
            if (rows > 5) Avx.MaskStore(c + 5 * ldc, mask, c5);
        }
    }
}
