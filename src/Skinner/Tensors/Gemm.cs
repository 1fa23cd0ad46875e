namespace Skinner.Tensors;

/// <summary>
/// Single-precision general matrix multiply on row-major spans:
/// <c>C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · op(B)[k×n]</c>, where op transposes when asked.
/// With <c>transA</c>, A is stored as k×m (leading dimension lda); with <c>transB</c>, B is stored as n×k.
/// </summary>
public static partial class Gemm
{
    /// <summary>Computes the product. Leading dimensions are the row strides of the stored matrices.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        // Reference kernel; the blocked, packed, register-tiled kernel replaces this body.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float s = accumulate ? c[i * ldc + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += av * bv;
                }
                c[i * ldc + j] = s;
            }
        }
    }
}
