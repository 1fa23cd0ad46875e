using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
        /// The left half of <see cref="Run"/>'s tile, columns 0 to 7 (an edge panel of 8 columns or fewer, such as the
        /// last 4 of 84): each of them the same chain of multiply-adds in the same order, so the same numbers, at half
        /// the multiply-adds. Six chains keep the two FMA ports three-quarters busy; the full tile would run twice the
        /// work for columns that are discarded.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunLeftHalf(nint kc, float* a, nint ars, nint acs, int rows, float* b, nint bs, float* c, nint ldc, bool load)
        {
            nint a1 = rows > 1 ? ars : 0;
            nint a2 = rows > 2 ? 2 * ars : 0;
            nint a3 = rows > 3 ? 3 * ars : 0;
            nint a4 = rows > 4 ? 4 * ars : 0;
            nint a5 = rows > 5 ? 5 * ars : 0;
            Vector256<float> c0, c1, c2, c3, c4, c5;
            if (load)
            {
                c0 = Vector256.Load(c);
                c1 = Vector256.Load(c + ldc);
                c2 = Vector256.Load(c + 2 * ldc);
                c3 = Vector256.Load(c + 3 * ldc);
                c4 = Vector256.Load(c + 4 * ldc);
                c5 = Vector256.Load(c + 5 * ldc);
            }
            else
            {
                c0 = c1 = c2 = c3 = c4 = c5 = Vector256<float>.Zero;
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
            Vector256.Store(c0, c);
            Vector256.Store(c1, c + ldc);
            Vector256.Store(c2, c + 2 * ldc);
            Vector256.Store(c3, c + 3 * ldc);
            Vector256.Store(c4, c + 4 * ldc);
            Vector256.Store(c5, c + 5 * ldc);
        }
    }
}
