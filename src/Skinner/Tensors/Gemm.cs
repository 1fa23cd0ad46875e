using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// Single-precision general matrix multiply on row-major spans:
/// <c>C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · op(B)[k×n]</c>, where op transposes when asked.
/// With <c>transA</c>, A is stored as k×m (leading dimension lda); with <c>transB</c>, B is stored as n×k.
/// </summary>
/// <remarks>
/// A blocked, packed, register-tiled kernel (the BLIS loop nest): B is cut into KC×NC blocks packed in
/// NR-wide panels, A into MC×KC blocks packed in MR-tall panels, and a micro-kernel keeps an MR×NR tile
/// of C in registers while it streams both panels with fused multiply-adds. Small products skip the
/// packing that would not pay for itself and never leave the calling thread.
/// </remarks>
public static partial class Gemm
{
    /// <summary>Computes the product. Leading dimensions are the row strides of the stored matrices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or leading dimension is negative or too small.</exception>
    /// <exception cref="ArgumentException">A span is too short for the sizes and leading dimensions given.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) ClearC(m, n, c, ldc);
            return;
        }
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                Dispatch(new Problem(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, null));
            }
        }
    }

    /// <summary>
    /// <c>C[m×n] = row + op(A)·op(B)</c> with <paramref name="row"/> (n numbers) added to every row, as a layer adds its
    /// bias: the same numbers, bit for bit, as copying the row into every row of C and multiplying with
    /// <c>accumulate</c>, since each element's sum starts from its row value either way. The row is written into each
    /// tile of C just before the tile is computed, while the tile is in cache, instead of in a pass of its own over a
    /// C that a fresh activation buffer has not yet brought into cache.
    /// </summary>
    internal static void MultiplyAddRow(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        ReadOnlySpan<float> row, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (row.Length < n) throw new ArgumentException($"The row added to C needs {n} numbers, but the span holds {row.Length}.", nameof(row));
        if (m == 0 || n == 0) return;
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c, pr = row)
            {
                if (k == 0)
                {
                    FillRows(pr, pc, ldc, m, n);
                    return;
                }
                Dispatch(new Problem(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, false, pr));
            }
        }
    }

    private static void Dispatch(in Problem problem)
    {
        int width = ActiveWidth;
        if (TryThin(problem, width)) return;
        switch (width)
        {
            case 512: Run<Kernel512>(problem); break;
            case 256: Run<Kernel256>(problem); break;
            case 128: Run<Kernel128>(problem); break;
            default: Run<KernelScalar>(problem); break;
        }
    }

    /// <summary>
    /// Copies the n numbers at <paramref name="row"/> into each of <paramref name="rows"/> rows of C (row stride
    /// <paramref name="ldc"/>), eight columns at a time down the rows: a tile's worth, its lines already in cache.
    /// </summary>
    private static unsafe void FillRows(float* row, float* c, nint ldc, int rows, int n)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= n; j += 8)
            {
                var v = Vector256.Load(row + j);
                float* cj = c + j;
                for (int i = 0; i < rows; i++, cj += ldc) v.Store(cj);
            }
        }
        for (; j < n; j++)
        {
            float v = row[j];
            float* cj = c + j;
            for (int i = 0; i < rows; i++, cj += ldc) *cj = v;
        }
    }

    private static void ClearC(int m, int n, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
    }

    private static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand("A", transA ? k : m, transA ? m : k, aLength, lda, nameof(lda), transA);
        CheckOperand("B", transB ? n : k, transB ? k : n, bLength, ldb, nameof(ldb), transB);
        CheckOperand("C", m, n, cLength, ldc, nameof(ldc), false);
    }

    // A stored matrix of rows×cols with row stride ld needs ld ≥ cols and (rows-1)·ld + cols elements.
    private static void CheckOperand(string name, int rows, int cols, int length, int ld, string ldName, bool transposed)
    {
        if (ld < Math.Max(cols, 1))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"{name} is stored as {rows}×{cols}{(transposed ? " (transposed)" : "")}, so its leading dimension must be at least {Math.Max(cols, 1)}.");
        }
        if (rows == 0 || cols == 0) return;
        long need = (long)(rows - 1) * ld + cols;
        if (length < need)
        {
            throw new ArgumentException(
                $"{name} is stored as {rows}×{cols} with leading dimension {ld}, which needs {need} elements, but the span holds {length}.", name.ToLowerInvariant());
        }
    }
}
