using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// The generic elementwise drivers: one per input shape (span, span-span, span-scalar, scalar-span, and an
/// accumulating span-span), each running the widest allowed vector path, then the narrower ones on what is
/// left, then a scalar tail. Destinations may alias an input (in-place), never partially overlap it.
/// The drivers are compiled optimized at their first call (<c>AggressiveOptimization</c>): a training run calls
/// them millions of times, and their quick first-tier code, many times slower, would otherwise run until the
/// runtime gets round to recompiling each instantiation.
/// </summary>
internal static class Elementwise
{
    /// <summary>dst[i] = T(x[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<T>(ReadOnlySpan<float> x, Span<float> dst) where T : IUnaryOperator
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (Simd.Use512)
        {
            for (; i + 16 <= n; i += 16) T.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            for (; i + 8 <= n; i += 8) T.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            for (; i + 4 <= n; i += 4) T.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = T.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary>
    /// dst[i] = T(x[i]), the 256-bit path two vectors at a time (<see cref="IPairedUnaryOperator"/>): the same
    /// values as <see cref="Unary{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UnaryPaired<T>(ReadOnlySpan<float> x, Span<float> dst) where T : IPairedUnaryOperator
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        if (!Simd.Use256 || Simd.Use512)
        {
            Unary<T>(x, dst);
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var (a, b) = T.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref xr, i + 8));
            a.StoreUnsafe(ref dr, i);
            b.StoreUnsafe(ref dr, i + 8);
        }
        Unary<T>(x[(int)i..], dst[(int)i..]);
    }

    /// <summary>dst[i] = T(x[i], y[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where T : IBinaryOperator
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        if (y.Length != dst.Length) ThrowLength(y.Length, dst.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (Simd.Use512)
        {
            for (; i + 16 <= n; i += 16) T.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            for (; i + 8 <= n; i += 8) T.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            for (; i + 4 <= n; i += 4) T.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = T.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>dst[i] = T(x[i], y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T>(ReadOnlySpan<float> x, float y, Span<float> dst) where T : IBinaryOperator
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (Simd.Use512)
        {
            var yv = Vector512.Create(y);
            for (; i + 16 <= n; i += 16) T.Invoke(Vector512.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            var yv = Vector256.Create(y);
            for (; i + 8 <= n; i += 8) T.Invoke(Vector256.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            var yv = Vector128.Create(y);
            for (; i + 4 <= n; i += 4) T.Invoke(Vector128.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = T.Invoke(Unsafe.Add(ref xr, i), y);
    }

    /// <summary>dst[i] = T(x, y[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T>(float x, ReadOnlySpan<float> y, Span<float> dst) where T : IBinaryOperator
    {
        if (y.Length != dst.Length) ThrowLength(y.Length, dst.Length);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)y.Length, i = 0;
        if (Simd.Use512)
        {
            var xv = Vector512.Create(x);
            for (; i + 16 <= n; i += 16) T.Invoke(xv, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            var xv = Vector256.Create(x);
            for (; i + 8 <= n; i += 8) T.Invoke(xv, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            var xv = Vector128.Create(x);
            for (; i + 4 <= n; i += 4) T.Invoke(xv, Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = T.Invoke(x, Unsafe.Add(ref yr, i));
    }

    /// <summary>dst[i] += T(x[i], y[i]): the shape of most backward passes (upstream times a local derivative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryAccumulate<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where T : IBinaryOperator
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        if (y.Length != dst.Length) ThrowLength(y.Length, dst.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (Simd.Use512)
        {
            for (; i + 16 <= n; i += 16)
                (Vector512.LoadUnsafe(ref dr, i) + T.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i))).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            for (; i + 8 <= n; i += 8)
                (Vector256.LoadUnsafe(ref dr, i) + T.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i))).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            for (; i + 4 <= n; i += 4)
                (Vector128.LoadUnsafe(ref dr, i) + T.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i))).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) += T.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>dst[i] += x[i].</summary>
    public static void AddInto(ReadOnlySpan<float> x, Span<float> dst) => Binary<AddOperator>(dst, x, dst);

    /// <summary>
    /// dst[j] += Σ_r x[r·cols + j] over the rows of a row-major [rows×cols] block, adding row by row in order
    /// (the same sums as one <see cref="AddInto"/> per row), with each run of columns held in a register
    /// across all rows so that dst is read and written once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowsInto(ReadOnlySpan<float> x, int rows, Span<float> dst)
    {
        int cols = dst.Length;
        if ((long)rows * cols != x.Length) ThrowLength(x.Length, rows * cols);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)cols, stride = (nuint)cols, j = 0;
        if (Simd.Use256)
        {
            for (; j + 8 <= n; j += 8)
            {
                var acc = Vector256.LoadUnsafe(ref dr, j);
                nuint at = j;
                for (int r = 0; r < rows; r++, at += stride) acc += Vector256.LoadUnsafe(ref xr, at);
                acc.StoreUnsafe(ref dr, j);
            }
        }
        if (Simd.Use128)
        {
            for (; j + 4 <= n; j += 4)
            {
                var acc = Vector128.LoadUnsafe(ref dr, j);
                nuint at = j;
                for (int r = 0; r < rows; r++, at += stride) acc += Vector128.LoadUnsafe(ref xr, at);
                acc.StoreUnsafe(ref dr, j);
            }
        }
        for (; j < n; j++)
        {
            float acc = Unsafe.Add(ref dr, j);
            nuint at = j;
            for (int r = 0; r < rows; r++, at += stride) acc += Unsafe.Add(ref xr, at);
            Unsafe.Add(ref dr, j) = acc;
        }
    }

    /// <summary>dst[i] += x[i] · s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledInto(ReadOnlySpan<float> x, float s, Span<float> dst)
    {
        if (x.Length != dst.Length) ThrowLength(x.Length, dst.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (Simd.Use512)
        {
            var sv = Vector512.Create(s);
            for (; i + 16 <= n; i += 16) (Vector512.LoadUnsafe(ref dr, i) + Vector512.LoadUnsafe(ref xr, i) * sv).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use256)
        {
            var sv = Vector256.Create(s);
            for (; i + 8 <= n; i += 8) (Vector256.LoadUnsafe(ref dr, i) + Vector256.LoadUnsafe(ref xr, i) * sv).StoreUnsafe(ref dr, i);
        }
        if (Simd.Use128)
        {
            var sv = Vector128.Create(s);
            for (; i + 4 <= n; i += 4) (Vector128.LoadUnsafe(ref dr, i) + Vector128.LoadUnsafe(ref xr, i) * sv).StoreUnsafe(ref dr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) += Unsafe.Add(ref xr, i) * s;
    }

    /// <summary>dst[i] += s.</summary>
    public static void AddScalarInto(float s, Span<float> dst) => Binary<AddOperator>(dst, s, dst);

    /// <summary>Σ x[i], accumulated in float lanes then the lanes added (pairwise enough for the sizes we meet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float s = 0;
        if (Simd.Use512 && n >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16) acc += Vector512.LoadUnsafe(ref xr, i);
            s += Vector512.Sum(acc);
        }
        if (Simd.Use256 && n - i >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8) acc += Vector256.LoadUnsafe(ref xr, i);
            s += Vector256.Sum(acc);
        }
        if (Simd.Use128 && n - i >= 4)
        {
            var acc = Vector128<float>.Zero;
            for (; i + 4 <= n; i += 4) acc += Vector128.LoadUnsafe(ref xr, i);
            s += Vector128.Sum(acc);
        }
        for (; i < n; i++) s += Unsafe.Add(ref xr, i);
        return s;
    }

    /// <summary>max x[i] (x non-empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float m = float.NegativeInfinity;
        if (Simd.Use256 && n >= 8)
        {
            var acc = Vector256.Create(float.NegativeInfinity);
            for (; i + 8 <= n; i += 8) acc = Vector256.Max(acc, Vector256.LoadUnsafe(ref xr, i));
            for (int k = 0; k < 8; k++) m = MathF.Max(m, acc[k]);
        }
        for (; i < n; i++) m = MathF.Max(m, Unsafe.Add(ref xr, i));
        return m;
    }

    private static void ThrowLength(int got, int expected) =>
        throw new ArgumentException($"Span lengths differ: {got} and {expected}.");
}
