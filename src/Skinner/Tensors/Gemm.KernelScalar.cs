using System.Runtime.CompilerServices;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// Scalar micro-kernel for machines without SIMD floating point: a 4×4 tile in 16 locals.
    /// </summary>
    private readonly struct KernelScalar : IMicroKernel
    {
        public static int MR => 4;
        public static int NR => 4;
        public static int KC => 256;
        public static int MC => 128;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(nint kc, float* a, nint ars, nint acs, int rows, float* b, nint bs, float* c, nint ldc, bool load)
        {
            // Rows at or past `rows` re-read row 0: always in bounds, and the caller discards their results.
            nint a1 = rows > 1 ? ars : 0;
            nint a2 = rows > 2 ? 2 * ars : 0;
            nint a3 = rows > 3 ? 3 * ars : 0;
            float c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
            if (load)
            {
                c00 = c[0];
                c01 = c[1];
                c02 = c[2];
                c03 = c[3];
                c10 = c[1 * ldc + 0];
                c11 = c[1 * ldc + 1];
                c12 = c[1 * ldc + 2];
                c13 = c[1 * ldc + 3];
                c20 = c[2 * ldc + 0];
                c21 = c[2 * ldc + 1];
                c22 = c[2 * ldc + 2];
                c23 = c[2 * ldc + 3];
                c30 = c[3 * ldc + 0];
                c31 = c[3 * ldc + 1];
                c32 = c[3 * ldc + 2];
                c33 = c[3 * ldc + 3];
            }
            else
            {
                c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = 0f;
            }
            for (; kc > 0; kc--)
            {
                float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
                float x = a[0];
                c00 += x * b0;
                c01 += x * b1;
                c02 += x * b2;
                c03 += x * b3;
                x = a[a1];
                c10 += x * b0;
                c11 += x * b1;
                c12 += x * b2;
                c13 += x * b3;
                x = a[a2];
                c20 += x * b0;
                c21 += x * b1;
                c22 += x * b2;
                c23 += x * b3;
                x = a[a3];
                c30 += x * b0;
                c31 += x * b1;
                c32 += x * b2;
                c33 += x * b3;
                a += acs;
                b += bs;
            }
            c[0] = c00;
            c[1] = c01;
            c[2] = c02;
            c[3] = c03;
            c[1 * ldc + 0] = c10;
            c[1 * ldc + 1] = c11;
            c[1 * ldc + 2] = c12;
            c[1 * ldc + 3] = c13;
            c[2 * ldc + 0] = c20;
            c[2 * ldc + 1] = c21;
            c[2 * ldc + 2] = c22;
            c[2 * ldc + 3] = c23;
            c[3 * ldc + 0] = c30;
            c[3 * ldc + 1] = c31;
            c[3 * ldc + 2] = c32;
            c[3 * ldc + 3] = c33;
        }
    }
}
