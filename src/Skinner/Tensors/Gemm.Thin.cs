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
        // With an added row, each path below starts from C once the row is in it (row by row where a path works
        // row by row, so that each row is written while in cache): the same sums as the packed kernels'.
        bool accumulate = p.Accumulate || p.Row is not null;
        if (p.TransB && !p.TransA && (p.N <= 4 || p.M <= 2))
        {
            if (p.Row is not null) FillRows(p.Row, p.C, p.Ldc, p.M, p.N);
            if (p.M <= 2)
            {
                // A row against every row of B (a layer acting on one observation): C[i, j] = A[i, :]·B[j, :].
                for (int i = 0; i < p.M; i++)
                    DotRows(p.A + (nint)i * p.Lda, p.B, p.Ldb, p.N, p.K, p.C + (nint)i * p.Ldc, 1, accumulate, width);
            }
            else
            {
                // A few columns (a value head): every row of A against one row of B, down a column of C.
                for (int j = 0; j < p.N; j++)
                    DotRows(p.B + (nint)j * p.Ldb, p.A, p.Lda, p.M, p.K, p.C + j, p.Ldc, accumulate, width);
            }
            return true;
        }
        if (p.TransB && !p.TransA && p.K <= MaxShortDepth && p.N * p.K <= MaxShortDepthPanel)
        {
            // A short depth against B stored transposed (a first layer's forward pass, x·Wᵀ with x a few features
            // wide): Bᵀ is only k×n numbers, so it is turned once into rows on the stack and each row of C becomes a
            // running update by them. The packed path would fetch and store a 6×16 tile of C for every k ≤ 8 steps.
            float* rows = stackalloc float[p.N * p.K];
            for (int j = 0; j < p.N; j++)
            {
                float* bj = p.B + (nint)j * p.Ldb;
                for (int q = 0; q < p.K; q++) rows[(nint)q * p.N + j] = bj[q];
            }
            for (int i = 0; i < p.M; i++)
            {
                float* ci = p.C + (nint)i * p.Ldc;
                if (p.Row is not null) FillRows(p.Row, ci, p.Ldc, 1, p.N);
                RowUpdate(p.A + (nint)i * p.Lda, 1, rows, p.N, ci, p.N, p.K, accumulate, width);
            }
            return true;
        }
        if (!p.TransB && (p.M <= 2 || p.K <= 2))
        {
            // One or two rows of C, or sums of one or two products per element (a weight gradient from a batch of
            // one): each row of C a running update by the rows of B, which the packed path would only copy around.
            nint aStep = p.TransA ? p.Lda : 1, aRow = p.TransA ? 1 : p.Lda;
            for (int i = 0; i < p.M; i++)
            {
                float* ci = p.C + (nint)i * p.Ldc;
                if (p.Row is not null) FillRows(p.Row, ci, p.Ldc, 1, p.N);
                RowUpdate(p.A + i * aRow, aStep, p.B, p.Ldb, ci, p.N, p.K, accumulate, width);
            }
            return true;
        }
        if (p.TransA && !p.TransB && p.N <= 4 && p.M <= MaxThinColumn && (long)p.M * p.N * p.K < ParallelThreshold)
        {
            // A handful of columns summed over a long k (the first layer's weight gradient, Aᵀ·x with x a few
            // features wide): each column of C is a row of Cᵀ = Bᵀ·A, a running update by the rows of A, in a
            // contiguous buffer. The packed path would run 16-wide tiles for 4 columns.
            float* column = stackalloc float[p.M];
            for (int j = 0; j < p.N; j++)
            {
                if (p.Row is not null)
                {
                    for (int i = 0; i < p.M; i++) column[i] = p.Row[j];
                }
                else if (p.Accumulate)
                {
                    for (int i = 0; i < p.M; i++) column[i] = p.C[(nint)i * p.Ldc + j];
                }
                RowUpdate(p.B + j, p.Ldb, p.A, p.Lda, column, p.M, p.K, accumulate, width);
                for (int i = 0; i < p.M; i++) p.C[(nint)i * p.Ldc + j] = column[i];
            }
            return true;
        }
        return false;
    }

    /// <summary>The deepest product that the short-depth path turns into row updates.</summary>
    private const int MaxShortDepth = 8;

    /// <summary>The most numbers of Bᵀ (k×n) that the short-depth path keeps on the stack.</summary>
    private const int MaxShortDepthPanel = 8192;

    /// <summary>The longest column of C that the few-columns path keeps on the stack.</summary>
    private const int MaxThinColumn = 2048;


    /// <summary>
    /// y[r·yStride] = (accumulate ? y[r·yStride] : 0) + x·rows[r] for r &lt; count, where rows[r] starts at
    /// rows + r·ld and every vector has length k. Four rows go together (256-bit from k = 8, 128-bit from k = 4; a
    /// shorter k, and the last count mod 4 rows, take Dot one at a time): their eight FMA chains share each load of x
    /// (one dot at a time waits on its two chains' latency), and their sums come out of one tree of horizontal adds.
    /// Each row's sum is exactly <see cref="Dot"/>'s, bit for bit (the same two accumulators, the same reduction,
    /// the same scalar tail), so results do not depend on how many rows a product has or which rows go together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotRows(float* x, float* rows, nint ld, int count, int k, float* y, nint yStride, bool accumulate, int width)
    {
        int r = 0;
        if (width >= 256 && k >= 8)
        {
            var sums = stackalloc float[4];
            for (; r <= count - 4; r += 4)
            {
                float* b0 = rows + r * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld;
                Vector256<float> p0 = default, p1 = default, p2 = default, p3 = default;   // Dot's s0 of each row
                Vector256<float> q0 = default, q1 = default, q2 = default, q3 = default;   // and its s1
                int q = 0;
                for (; q <= k - 16; q += 16)
                {
                    var x0 = Vector256.Load(x + q);
                    var x1 = Vector256.Load(x + q + 8);
                    p0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b0 + q), p0);
                    q0 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b0 + q + 8), q0);
                    p1 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b1 + q), p1);
                    q1 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b1 + q + 8), q1);
                    p2 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b2 + q), p2);
                    q2 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b2 + q + 8), q2);
                    p3 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b3 + q), p3);
                    q3 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b3 + q + 8), q3);
                }
                if (q <= k - 8)
                {
                    var x0 = Vector256.Load(x + q);
                    p0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b0 + q), p0);
                    p1 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b1 + q), p1);
                    p2 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b2 + q), p2);
                    p3 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b3 + q), p3);
                    q += 8;
                }
                var four = SumEach(p0 + q0, p1 + q1, p2 + q2, p3 + q3);
                if (q == k && yStride == 1)
                {
                    if (accumulate) four = Vector128.Load(y + r) + four;
                    four.Store(y + r);
                    continue;
                }
                four.Store(sums);
                Finish(x, rows, ld, r, q, k, sums, y, yStride, accumulate);
            }
        }
        else if (width >= 128 && k >= 4)
        {
            // Dot's 128-bit path, four rows at a time.
            var sums = stackalloc float[4];
            for (; r <= count - 4; r += 4)
            {
                float* b0 = rows + r * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld;
                Vector128<float> p0 = default, p1 = default, p2 = default, p3 = default;
                Vector128<float> q0 = default, q1 = default, q2 = default, q3 = default;
                int q = 0;
                for (; q <= k - 8; q += 8)
                {
                    var x0 = Vector128.Load(x + q);
                    var x1 = Vector128.Load(x + q + 4);
                    p0 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b0 + q), p0);
                    q0 = Vector128.FusedMultiplyAdd(x1, Vector128.Load(b0 + q + 4), q0);
                    p1 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b1 + q), p1);
                    q1 = Vector128.FusedMultiplyAdd(x1, Vector128.Load(b1 + q + 4), q1);
                    p2 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b2 + q), p2);
                    q2 = Vector128.FusedMultiplyAdd(x1, Vector128.Load(b2 + q + 4), q2);
                    p3 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b3 + q), p3);
                    q3 = Vector128.FusedMultiplyAdd(x1, Vector128.Load(b3 + q + 4), q3);
                }
                if (q <= k - 4)
                {
                    var x0 = Vector128.Load(x + q);
                    p0 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b0 + q), p0);
                    p1 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b1 + q), p1);
                    p2 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b2 + q), p2);
                    p3 = Vector128.FusedMultiplyAdd(x0, Vector128.Load(b3 + q), p3);
                    q += 4;
                }
                SumEach(p0 + q0, p1 + q1, p2 + q2, p3 + q3).Store(sums);
                Finish(x, rows, ld, r, q, k, sums, y, yStride, accumulate);
            }
        }
        for (; r < count; r++)
        {
            float* yr = y + r * yStride;
            float dot = Dot(x, rows + r * ld, k, width);
            *yr = accumulate ? *yr + dot : dot;
        }
    }

    /// <summary>The lane sums of s0..s3, each as <see cref="SumQuarters"/> adds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumEach(Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        if (Avx.IsSupported)
        {
            // Two rounds of hadd (neighbouring lanes, within each 128-bit half) leave in the low half each row's
            // (l0+l1)+(l2+l3) and in the high half its (l4+l5)+(l6+l7); the halves are then added.
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
            return h.GetLower() + h.GetUpper();
        }
        return Vector128.Create(SumQuarters(s0), SumQuarters(s1), SumQuarters(s2), SumQuarters(s3));
    }

    // Rows r..r+3 from their vector sums: the scalar tail q..k in order, as Dot ends, then into y.
    private static unsafe void Finish(float* x, float* rows, nint ld, int r, int q, int k, float* sums, float* y, nint yStride, bool accumulate)
    {
        for (int t = 0; t < 4; t++)
        {
            float* bt = rows + (r + t) * ld, yt = y + (r + t) * yStride;
            float dot = sums[t];
            for (int qq = q; qq < k; qq++) dot += x[qq] * bt[qq];
            *yt = accumulate ? *yt + dot : dot;
        }
    }

    /// <summary>The lane sums of s0..s3, each as <see cref="SumPairs"/> adds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumEach(Vector128<float> s0, Vector128<float> s1, Vector128<float> s2, Vector128<float> s3)
    {
        if (Sse3.IsSupported) return Sse3.HorizontalAdd(Sse3.HorizontalAdd(s0, s1), Sse3.HorizontalAdd(s2, s3));
        return Vector128.Create(SumPairs(s0), SumPairs(s1), SumPairs(s2), SumPairs(s3));
    }

    /// <summary>(l0+l1)+(l2+l3): the lane sum in one fixed order on every machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumPairs(Vector128<float> v)
    {
        if (Sse3.IsSupported)
        {
            var h = Sse3.HorizontalAdd(v, v);
            return Sse3.HorizontalAdd(h, h).ToScalar();
        }
        return (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));
    }

    /// <summary>((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)): the lane sum in one fixed order on every machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumQuarters(Vector256<float> v)
    {
        if (Avx.IsSupported)
        {
            var h = Avx.HorizontalAdd(v, v);
            h = Avx.HorizontalAdd(h, h);
            return (h.GetLower() + h.GetUpper()).ToScalar();
        }
        return ((v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3)))
            + ((v.GetElement(4) + v.GetElement(5)) + (v.GetElement(6) + v.GetElement(7)));
    }

    /// <summary>
    /// Σ x[q]·y[q] over q &lt; k, with two vector accumulators to overlap FMA latency, reduced by
    /// <see cref="SumQuarters"/> (or <see cref="SumPairs"/> on the 128-bit path), then the scalar tail in order.
    /// </summary>
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
            sum = SumQuarters(s0 + s1);
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
            sum = SumPairs(s0 + s1);
        }
        for (; q < k; q++) sum += x[q] * y[q];
        return sum;
    }

    /// <summary>
    /// c[0..n) = (accumulate ? c : 0) + Σ_p a[p·aStep]·B[p, 0..n), keeping 32 columns of c in registers
    /// across all of k so that c is read and written once. Each element takes the products in order of p, one
    /// rounding each, as the micro-kernels do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowUpdate(float* a, nint aStep, float* b, nint ldb, float* c, int n, int k, bool accumulate, int width)
    {
        int j = 0;
        if (width >= 256)
        {
            // Eight accumulators: eight FMA chains in flight hide the FMA latency that four would wait on when k is long.
            for (; j <= n - 64; j += 64)
            {
                Vector256<float> c0, c1, c2, c3, c4, c5, c6, c7;
                if (accumulate)
                {
                    c0 = Vector256.Load(c + j);
                    c1 = Vector256.Load(c + j + 8);
                    c2 = Vector256.Load(c + j + 16);
                    c3 = Vector256.Load(c + j + 24);
                    c4 = Vector256.Load(c + j + 32);
                    c5 = Vector256.Load(c + j + 40);
                    c6 = Vector256.Load(c + j + 48);
                    c7 = Vector256.Load(c + j + 56);
                }
                else
                {
                    c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector256<float>.Zero;
                }
                float* ap = a, bp = b + j;
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb)
                {
                    var x = Vector256.Create(*ap);
                    c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), c0);
                    c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 8), c1);
                    c2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 16), c2);
                    c3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 24), c3);
                    c4 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 32), c4);
                    c5 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 40), c5);
                    c6 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 48), c6);
                    c7 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 56), c7);
                }
                Vector256.Store(c0, c + j);
                Vector256.Store(c1, c + j + 8);
                Vector256.Store(c2, c + j + 16);
                Vector256.Store(c3, c + j + 24);
                Vector256.Store(c4, c + j + 32);
                Vector256.Store(c5, c + j + 40);
                Vector256.Store(c6, c + j + 48);
                Vector256.Store(c7, c + j + 56);
            }
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
        // The last columns fused as the vector kernels fuse them (unfused as the scalar kernel adds), so that every
        // element equals the packed path's bit for bit.
        for (; j < n; j++)
        {
            float acc = accumulate ? c[j] : 0f;
            float* ap = a, bp = b + j;
            if (width >= 128)
            {
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb) acc = MathF.FusedMultiplyAdd(*ap, *bp, acc);
            }
            else
            {
                for (int q = 0; q < k; q++, ap += aStep, bp += ldb) acc += *ap * *bp;
            }
            c[j] = acc;
        }
    }
}
