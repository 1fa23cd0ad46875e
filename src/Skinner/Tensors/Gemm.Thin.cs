using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
            if (p.M <= 2)
            {
                // A row against every row of B (a layer acting on one observation): C[i, j] = A[i, :]·B[j, :].
                for (int i = 0; i < p.M; i++)
                    DotRows(p.A + (nint)i * p.Lda, p.B, p.Ldb, p.N, p.K, p.C + (nint)i * p.Ldc, 1, p.Accumulate, width);
            }
            else
            {
                // A few columns (a value head): every row of A against one row of B, down a column of C.
                for (int j = 0; j < p.N; j++)
                    DotRows(p.B + (nint)j * p.Ldb, p.A, p.Lda, p.M, p.K, p.C + j, p.Ldc, p.Accumulate, width);
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

    /// <summary>
    /// y[r·yStride] = (accumulate ? y[r·yStride] : 0) + x·rows[r] for r &lt; count, where rows[r] starts at
    /// rows + r·ld and every vector has length k. Eight rows go together: eight independent FMA chains share each
    /// load of x (one dot at a time waits on one chain's latency), and their sums come out of one tree of
    /// horizontal adds. Each row sums in the same order on every machine: lanes (0+1)+(2+3) and (4+5)+(6+7), then
    /// the two halves, then the scalar tail of k; the last count mod 8 rows take <see cref="Dot"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotRows(float* x, float* rows, nint ld, int count, int k, float* y, nint yStride, bool accumulate, int width)
    {
        int r = 0;
        if (width >= 256)
        {
            var tail = stackalloc float[8];
            for (; r <= count - 8; r += 8)
            {
                float* b0 = rows + r * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld, b4 = b3 + ld, b5 = b4 + ld, b6 = b5 + ld, b7 = b6 + ld;
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                int q = 0;
                for (; q <= k - 8; q += 8)
                {
                    var xv = Vector256.Load(x + q);
                    s0 = Vector256.FusedMultiplyAdd(Vector256.Load(b0 + q), xv, s0);
                    s1 = Vector256.FusedMultiplyAdd(Vector256.Load(b1 + q), xv, s1);
                    s2 = Vector256.FusedMultiplyAdd(Vector256.Load(b2 + q), xv, s2);
                    s3 = Vector256.FusedMultiplyAdd(Vector256.Load(b3 + q), xv, s3);
                    s4 = Vector256.FusedMultiplyAdd(Vector256.Load(b4 + q), xv, s4);
                    s5 = Vector256.FusedMultiplyAdd(Vector256.Load(b5 + q), xv, s5);
                    s6 = Vector256.FusedMultiplyAdd(Vector256.Load(b6 + q), xv, s6);
                    s7 = Vector256.FusedMultiplyAdd(Vector256.Load(b7 + q), xv, s7);
                }
                var sums = SumEach(s0, s1, s2, s3, s4, s5, s6, s7);
                if (q < k)
                {
                    for (int t = 0; t < 8; t++)
                    {
                        float* bt = rows + (r + t) * ld;
                        float acc = 0f;
                        for (int qq = q; qq < k; qq++) acc += x[qq] * bt[qq];
                        tail[t] = acc;
                    }
                    sums += Vector256.Load(tail);
                }
                if (yStride == 1)
                {
                    if (accumulate) sums += Vector256.Load(y + r);
                    sums.Store(y + r);
                }
                else
                {
                    for (int t = 0; t < 8; t++)
                    {
                        float* yt = y + (r + t) * yStride;
                        *yt = accumulate ? *yt + sums.GetElement(t) : sums.GetElement(t);
                    }
                }
            }
        }
        for (; r < count; r++)
        {
            float* yr = y + r * yStride;
            float dot = Dot(x, rows + r * ld, k, width);
            *yr = accumulate ? *yr + dot : dot;
        }
    }

    /// <summary>The eight lane sums of s0..s7 as one vector, each as ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumEach(Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3,
        Vector256<float> s4, Vector256<float> s5, Vector256<float> s6, Vector256<float> s7)
    {
        if (Avx.IsSupported)
        {
            // hadd pairs neighbouring lanes within each 128-bit half: two rounds leave, per half, the four rows'
            // quarter sums; the halves are then lined up and added.
            var lowRows = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
            var highRows = Avx.HorizontalAdd(Avx.HorizontalAdd(s4, s5), Avx.HorizontalAdd(s6, s7));
            return Avx.Permute2x128(lowRows, highRows, 0x20) + Avx.Permute2x128(lowRows, highRows, 0x31);
        }
        return Vector256.Create(Quarters(s0), Quarters(s1), Quarters(s2), Quarters(s3), Quarters(s4), Quarters(s5), Quarters(s6), Quarters(s7));

        static float Quarters(Vector256<float> v) =>
            ((v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3)))
            + ((v.GetElement(4) + v.GetElement(5)) + (v.GetElement(6) + v.GetElement(7)));
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
