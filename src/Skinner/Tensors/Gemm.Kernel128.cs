using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// 128-bit micro-kernel (SSE with FMA, or Arm AdvSimd): a 6×8 tile in 12 accumulators, plus 2 for B and
    /// 1 broadcast, within the 16 registers of SSE. Blocking as for the 256-bit kernel.
    /// </summary>
    private readonly struct Kernel128 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 8;
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
            Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            if (load)
            {
                c00 = Vector128.Load(c);
                c01 = Vector128.Load(c + 4);
                c10 = Vector128.Load(c + ldc);
                c11 = Vector128.Load(c + ldc + 4);
                c20 = Vector128.Load(c + 2 * ldc);
                c21 = Vector128.Load(c + 2 * ldc + 4);
                c30 = Vector128.Load(c + 3 * ldc);
                c31 = Vector128.Load(c + 3 * ldc + 4);
                c40 = Vector128.Load(c + 4 * ldc);
                c41 = Vector128.Load(c + 4 * ldc + 4);
                c50 = Vector128.Load(c + 5 * ldc);
                c51 = Vector128.Load(c + 5 * ldc + 4);
            }
            else
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector128<float>.Zero;
            }
            for (; kc > 0; kc--)
            {
                Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4);
                var x = Vector128.Create(a[0]);
                c00 = Vector128.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
                x = Vector128.Create(a[a1]);
                c10 = Vector128.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
                x = Vector128.Create(a[a2]);
                c20 = Vector128.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
                x = Vector128.Create(a[a3]);
                c30 = Vector128.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
                x = Vector128.Create(a[a4]);
                c40 = Vector128.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector128.FusedMultiplyAdd(x, b1, c41);
                x = Vector128.Create(a[a5]);
                c50 = Vector128.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector128.FusedMultiplyAdd(x, b1, c51);
                a += acs;
                b += bs;
            }
            Vector128.Store(c00, c);
            Vector128.Store(c01, c + 4);
            Vector128.Store(c10, c + ldc);
            Vector128.Store(c11, c + ldc + 4);
            Vector128.Store(c20, c + 2 * ldc);
            Vector128.Store(c21, c + 2 * ldc + 4);
            Vector128.Store(c30, c + 3 * ldc);
            Vector128.Store(c31, c + 3 * ldc + 4);
            Vector128.Store(c40, c + 4 * ldc);
            Vector128.Store(c41, c + 4 * ldc + 4);
            Vector128.Store(c50, c + 5 * ldc);
            Vector128.Store(c51, c + 5 * ldc + 4);
        }
    }
}
