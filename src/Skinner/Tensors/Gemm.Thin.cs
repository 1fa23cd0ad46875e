using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>
    /// Products with one or two rows, or a handful of columns, waste most of an MR×NR tile (a 6×16 tile
    /// computing one row does six times the work) and gain nothing from packing. Two direct loops serve them:
    /// dot products when both op(A) rows and op(B) columns are contiguous, and row updates when op(B) rows are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool TryThin(in Problem p, int width)
    {
        if (p.TransB && !p.TransA && (p.N <= 4 || p.M <= 2))
        {
            for (int i = 0; i < p.M; i++)
            {
                float* ai = p.A + (nint)i * p.Lda, ci = p.C + (nint)i * p.Ldc;
                for (int j = 0; j < p.N; j++)
                {
                    float dot = Dot(ai, p.B + (nint)j * p.Ldb, p.K, width);
                    ci[j] = p.Accumulate ? ci[j] + dot : dot;
                }
            }
            return true;
        }
        if (!p.TransB && p.M <= 2)
        {
            nint aStep = p.TransA ? p.Lda : 1, aRow = p.TransA ? 1 : p.Lda;
            for (int i = 0; i < p.M; i++)
                RowUpdate(p.A + i * aRow, aStep, p.B, p.Ldb, p.C + (nint)i * p.Ldc, p.N, p.K, p.Accumulate, width);
            return true;
        }
        return false;
    }

    /// <summary>Σ x[q]·y[q] over q &lt; k, with two vector accumulators to overlap FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Dot(float* x, float* y, int k, int width)
    {
        int q = 0;
        float sum = 0f;
        if (width >= 256 && k >= 8)
        {
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            for (; q <= k - 16; q += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + q), Vector256.Load(y + q), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + q + 8), Vector256.Load(y + q + 8), s1);
            }
            if (q <= k - 8)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + q), Vector256.Load(y + q), s0);
                q += 8;
            }
            sum = Vector256.Sum(s0 + s1);
        }
        else if (width >= 128 && k >= 4)
        {
            Vector128<float> s0 = Vector128<float>.Zero, s1 = Vector128<float>.Zero;
            for (; q <= k - 8; q += 8)
            {
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(x + q), Vector128.Load(y + q), s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(x + q + 4), Vector128.Load(y + q + 4), s1);
            }
            if (q <= k - 4)
            {
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(x + q), Vector128.Load(y + q), s0);
                q += 4;
            }
            sum = Vector128.Sum(s0 + s1);
        }
        for (; q < k; q++) sum += x[q] * y[q];
        return sum;
    }

    /// <summary>
    /// c[0..n) = (accumulate ? c : 0) + Σ_p a[p·aStep]·B[p, 0..n), keeping 32 columns of c in registers
    /// across all of k so that c is read and written once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowUpdate(float* a, nint aStep, float* b, nint ldb, float* c, int n, int k, bool accumulate, int width)
    {
        int j = 0;
        if (width >= 256)
        {
            for (; j <= n - 32; j += 32)
            {
                Vector256<float> c0, c1, c2, c3;
                if (accumulate)
                {
                    c0 = Vector256.Load(c + j);
                    c1 = Vector256.Load(c + j + 8);
                    c2 = Vector256.Load(c + j + 16);
                    c3 = Vector256.Load(c + j + 24);
                }
                else
                {
                    c0 = c1 = c2 = c3 = Vector256<float>.Zero;
                }
                float* ap = a, bp = b + j;
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb)
                {
                    var x = Vector256.Create(*ap);
                    c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), c0);
                    c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 8), c1);
                    c2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 16), c2);
                    c3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 24), c3);
                }
                Vector256.Store(c0, c + j);
                Vector256.Store(c1, c + j + 8);
                Vector256.Store(c2, c + j + 16);
                Vector256.Store(c3, c + j + 24);
            }
            for (; j <= n - 8; j += 8)
            {
                var acc = accumulate ? Vector256.Load(c + j) : Vector256<float>.Zero;
                float* ap = a, bp = b + j;
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb)
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(*ap), Vector256.Load(bp), acc);
                Vector256.Store(acc, c + j);
            }
        }
        if (width >= 128)
        {
            for (; j <= n - 4; j += 4)
            {
                var acc = accumulate ? Vector128.Load(c + j) : Vector128<float>.Zero;
                float* ap = a, bp = b + j;
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb)
                    acc = Vector128.FusedMultiplyAdd(Vector128.Create(*ap), Vector128.Load(bp), acc);
                Vector128.Store(acc, c + j);
            }
        }
        for (; j < n; j++)
        {
            float acc = accumulate ? c[j] : 0f;
            float* ap = a, bp = b + j;
            for (int q = 0; q < k; q++, ap += aStep, bp += ldb) acc += *ap * *bp;
            c[j] = acc;
        }
    }
}
