using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// AVX-512 micro-kernel: a 6×64 tile of C in 24 zmm accumulators, plus 4 for B and 1 broadcast of A (29 of 32).
    /// Two FMA ports with 4-cycle latency need at least 8 independent chains; 24 hide the latency with room to spare.
    /// Each k step loads 4 B vectors and broadcasts 6 A values for 24 FMAs (12 cycles at two FMAs a cycle), so the
    /// load ports stay under half busy. 6 rows (not 14×32) keep the A row offsets in general registers when A is
    /// read in place, unpacked. KC = 128 keeps the 32 KiB B micro-panel in a 48 KiB L1; the MC×KC A block sits in L2.
    /// </summary>
    private readonly struct Kernel512 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 64;
        public static int KC => 128;
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
            Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
            if (load)
            {
                c00 = Vector512.Load(c);
                c01 = Vector512.Load(c + 16);
                c02 = Vector512.Load(c + 32);
                c03 = Vector512.Load(c + 48);
                c10 = Vector512.Load(c + ldc);
                c11 = Vector512.Load(c + ldc + 16);
                c12 = Vector512.Load(c + ldc + 32);
                c13 = Vector512.Load(c + ldc + 48);
                c20 = Vector512.Load(c + 2 * ldc);
                c21 = Vector512.Load(c + 2 * ldc + 16);
                c22 = Vector512.Load(c + 2 * ldc + 32);
                c23 = Vector512.Load(c + 2 * ldc + 48);
                c30 = Vector512.Load(c + 3 * ldc);
                c31 = Vector512.Load(c + 3 * ldc + 16);
                c32 = Vector512.Load(c + 3 * ldc + 32);
                c33 = Vector512.Load(c + 3 * ldc + 48);
                c40 = Vector512.Load(c + 4 * ldc);
                c41 = Vector512.Load(c + 4 * ldc + 16);
                c42 = Vector512.Load(c + 4 * ldc + 32);
                c43 = Vector512.Load(c + 4 * ldc + 48);
                c50 = Vector512.Load(c + 5 * ldc);
                c51 = Vector512.Load(c + 5 * ldc + 16);
                c52 = Vector512.Load(c + 5 * ldc + 32);
                c53 = Vector512.Load(c + 5 * ldc + 48);
            }
            else
            {
                c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = Vector512<float>.Zero;
            }
            for (; kc > 0; kc--)
            {
                Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
                var x = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
                c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
                x = Vector512.Create(a[a1]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
                c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
                x = Vector512.Create(a[a2]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
                c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
                x = Vector512.Create(a[a3]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
                c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
                x = Vector512.Create(a[a4]);
                c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
                c43 = Vector512.FusedMultiplyAdd(x, b3, c43);
                x = Vector512.Create(a[a5]);
                c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
                c53 = Vector512.FusedMultiplyAdd(x, b3, c53);
                a += acs;
                b += bs;
            }
            Vector512.Store(c00, c);
            Vector512.Store(c01, c + 16);
            Vector512.Store(c02, c + 32);
            Vector512.Store(c03, c + 48);
            Vector512.Store(c10, c + ldc);
            Vector512.Store(c11, c + ldc + 16);
            Vector512.Store(c12, c + ldc + 32);
            Vector512.Store(c13, c + ldc + 48);
            Vector512.Store(c20, c + 2 * ldc);
            Vector512.Store(c21, c + 2 * ldc + 16);
            Vector512.Store(c22, c + 2 * ldc + 32);
            Vector512.Store(c23, c + 2 * ldc + 48);
            Vector512.Store(c30, c + 3 * ldc);
            Vector512.Store(c31, c + 3 * ldc + 16);
            Vector512.Store(c32, c + 3 * ldc + 32);
            Vector512.Store(c33, c + 3 * ldc + 48);
            Vector512.Store(c40, c + 4 * ldc);
            Vector512.Store(c41, c + 4 * ldc + 16);
            Vector512.Store(c42, c + 4 * ldc + 32);
            Vector512.Store(c43, c + 4 * ldc + 48);
            Vector512.Store(c50, c + 5 * ldc);
            Vector512.Store(c51, c + 5 * ldc + 16);
            Vector512.Store(c52, c + 5 * ldc + 32);
            Vector512.Store(c53, c + 5 * ldc + 48);
        }
    }
}
