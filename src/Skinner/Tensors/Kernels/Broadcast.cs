namespace Skinner.Tensors;

/// <summary>
/// NumPy broadcasting for elementwise ops: the output shape, a forward driver and the reverse
/// reduction (summing a gradient back to an operand's shape). Shapes are coalesced into as few
/// dimensions as possible so that the inner loop is one long contiguous (or scalar) run for the SIMD drivers.
/// </summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or a clear error.</summary>
    public static int[] Shape(int[] a, int[] b)
    {
        if (a.AsSpan().SequenceEqual(b)) return a;
        int r = Math.Max(a.Length, b.Length);
        var s = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i - (r - a.Length) >= 0 ? a[i - (r - a.Length)] : 1;
            int db = i - (r - b.Length) >= 0 ? b[i - (r - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {ShapeText.Of(a)} and {ShapeText.Of(b)} do not broadcast: dimension {i} is {da} against {db}. Reshape one operand so that each dimension matches or is 1.");
            s[i] = da == 1 ? db : da;
        }
        return s;
    }

    /// <summary>dst (of <paramref name="outShape"/>) = T(a, b) with a and b broadcast.</summary>
    public static void Binary<T>(float[] a, int[] aShape, float[] b, int[] bShape, float[] dst, int[] outShape) where T : IBinaryOperator
    {
        int n = dst.Length;
        if (a.Length == n && b.Length == n) Elementwise.Binary<T>(a, b, dst);
        else if (b.Length == 1) Elementwise.Binary<T>(a, b[0], dst);
        else if (a.Length == 1) Elementwise.Binary<T>(a[0], b, dst);
        else General<T>(a, aShape, b, bShape, dst, outShape);
    }

    /// <summary>
    /// dst (of <paramref name="dstShape"/>) += scale · src (of the broadcast shape <paramref name="srcShape"/>),
    /// summed over the dims along which dst was broadcast.
    /// </summary>
    public static void SumTo(ReadOnlySpan<float> src, int[] srcShape, Span<float> dst, int[] dstShape, float scale = 1f)
    {
        if (src.Length == dst.Length)
        {
            if (scale == 1f) Elementwise.AddInto(src, dst);
            else Elementwise.AddScaledInto(src, scale, dst);
            return;
        }
        if (dst.Length == 1)
        {
            dst[0] += scale * Elementwise.Sum(src);
            return;
        }
        int r = srcShape.Length;
        Span<int> dims = stackalloc int[r];
        Span<int> ss = stackalloc int[r];
        Span<int> sd = stackalloc int[r];
        int k = Coalesce(srcShape, srcShape, dstShape, dims, ss, sd);
        int inner = dims[k - 1];
        bool dstContiguous = sd[k - 1] == 1;
        Span<int> idx = stackalloc int[k];
        int outer = src.Length / inner;
        int dOff = 0;
        for (int o = 0, sOff = 0; o < outer; o++, sOff += inner)
        {
            if (dstContiguous) Elementwise.AddScaledInto(src.Slice(sOff, inner), scale, dst.Slice(dOff, inner));
            else dst[dOff] += scale * Elementwise.Sum(src.Slice(sOff, inner));
            dOff = Step(idx, dims, sd, k - 1, dOff);
        }
    }

    private static void General<T>(float[] a, int[] aShape, float[] b, int[] bShape, float[] dst, int[] outShape) where T : IBinaryOperator
    {
        int r = outShape.Length;
        Span<int> dims = stackalloc int[r];
        Span<int> sa = stackalloc int[r];
        Span<int> sb = stackalloc int[r];
        int k = Coalesce(outShape, aShape, bShape, dims, sa, sb);
        int inner = dims[k - 1];
        int ia = sa[k - 1], ib = sb[k - 1];
        Span<int> idxA = stackalloc int[k];
        Span<int> idxB = stackalloc int[k];
        int outer = dst.Length / inner;
        int aOff = 0, bOff = 0;
        var d = dst.AsSpan();
        for (int o = 0, off = 0; o < outer; o++, off += inner)
        {
            var slice = d.Slice(off, inner);
            if (ia == 1 && ib == 1) Elementwise.Binary<T>(a.AsSpan(aOff, inner), b.AsSpan(bOff, inner), slice);
            else if (ia == 1) Elementwise.Binary<T>(a.AsSpan(aOff, inner), b[bOff], slice);
            else Elementwise.Binary<T>(a[aOff], b.AsSpan(bOff, inner), slice);
            aOff = Step(idxA, dims, sa, k - 1, aOff);
            bOff = Step(idxB, dims, sb, k - 1, bOff);
        }
    }

    /// <summary>Advances an odometer over the first <paramref name="k"/> dims; returns the new offset.</summary>
    private static int Step(Span<int> idx, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides, int k, int off)
    {
        for (int d = k - 1; d >= 0; d--)
        {
            off += strides[d];
            if (++idx[d] < dims[d]) return off;
            off -= strides[d] * dims[d];
            idx[d] = 0;
        }
        return off;
    }

    /// <summary>
    /// Element strides of two operands against <paramref name="outShape"/> (0 along broadcast dims), with
    /// size-1 dims dropped and neighbours merged where both operands are contiguous across them.
    /// Returns the number of dims kept (at least 1).
    /// </summary>
    private static int Coalesce(int[] outShape, int[] aShape, int[] bShape, Span<int> dims, Span<int> sa, Span<int> sb)
    {
        int r = outShape.Length;
        int strideA = 1, strideB = 1, k = 0;
        Span<int> fa = stackalloc int[r];
        Span<int> fb = stackalloc int[r];
        for (int d = r - 1; d >= 0; d--)
        {
            int da = d - (r - aShape.Length) >= 0 ? aShape[d - (r - aShape.Length)] : 1;
            int db = d - (r - bShape.Length) >= 0 ? bShape[d - (r - bShape.Length)] : 1;
            fa[d] = da == 1 ? 0 : strideA;
            fb[d] = db == 1 ? 0 : strideB;
            strideA *= da;
            strideB *= db;
        }
        for (int d = 0; d < r; d++)
        {
            if (outShape[d] == 1) continue;
            if (k > 0 && sa[k - 1] == fa[d] * outShape[d] && sb[k - 1] == fb[d] * outShape[d])
            {
                dims[k - 1] *= outShape[d];
                sa[k - 1] = fa[d];
                sb[k - 1] = fb[d];
                continue;
            }
            dims[k] = outShape[d];
            sa[k] = fa[d];
            sb[k] = fb[d];
            k++;
        }
        if (k == 0)
        {
            dims[0] = 1;
            sa[0] = 1;
            sb[0] = 1;
            k = 1;
        }
        return k;
    }
}
