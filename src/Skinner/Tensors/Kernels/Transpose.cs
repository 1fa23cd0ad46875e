using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Skinner.Tensors;

/// <summary>
/// Out-of-place transpose of a row-major matrix: <c>dst[c·rows + r] = src[r·cols + c]</c>. With AVX (and the SIMD
/// cap at 256 bits or more) 8×8 blocks go through registers, eight loads and eight stores each; the edges, and
/// everything on the scalar path, are copied one value at a time. A copy either way, so every path gives the same result.
/// </summary>
internal static class Transpose
{
    public static unsafe void Run(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        if (src.Length < rows * cols || dst.Length < rows * cols) throw new ArgumentException("Transpose: a buffer is shorter than rows·cols.");
        fixed (float* s = src, d = dst)
        {
            int rb = 0, cb = 0;
            if (Simd.Use256 && Avx.IsSupported)
            {
                rb = rows & ~7;
                cb = cols & ~7;
                for (int r = 0; r < rb; r += 8)
                    for (int c = 0; c < cb; c += 8) Block8(s + (nint)r * cols + c, cols, d + (nint)c * rows + r, rows);
            }
            // The right strip (columns past the blocks, all rows) and the bottom strip (rows past the blocks).
            for (int r = 0; r < rows; r++)
                for (int c = cb; c < cols; c++) d[(nint)c * rows + r] = s[(nint)r * cols + c];
            for (int r = rb; r < rows; r++)
                for (int c = 0; c < cb; c++) d[(nint)c * rows + r] = s[(nint)r * cols + c];
        }
    }

    // An 8×8 block: rows of src at stride ls become columns of dst at stride ld.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Block8(float* src, nint ls, float* dst, nint ld)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + ls);
        var r2 = Avx.LoadVector256(src + 2 * ls);
        var r3 = Avx.LoadVector256(src + 3 * ls);
        var r4 = Avx.LoadVector256(src + 4 * ls);
        var r5 = Avx.LoadVector256(src + 5 * ls);
        var r6 = Avx.LoadVector256(src + 6 * ls);
        var r7 = Avx.LoadVector256(src + 7 * ls);
        // Interleave pairs of rows, then pairs of pairs: each 128-bit lane then holds four values of one column.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the low lanes (columns 0-3) and the high lanes (columns 4-7) of rows 0-3 and 4-7.
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ld, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ld, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ld, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ld, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ld, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ld, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ld, Avx.Permute2x128(u3, u7, 0x31));
    }
}
