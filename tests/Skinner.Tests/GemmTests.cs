using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Gemm settings are process-wide, so these tests run apart from every other class.</summary>
[CollectionDefinition(nameof(GemmSettingsCollection), DisableParallelization = true)]
public sealed class GemmSettingsCollection;

[Collection(nameof(GemmSettingsCollection))]
public sealed class GemmTests : IDisposable
{
    private static readonly bool[] s_bools = [false, true];
    private readonly int _maxWidth = Gemm.MaxWidth;
    private readonly int _maxThreads = Gemm.MaxThreads;
    private readonly long _threshold = Gemm.ParallelThreshold;
    private readonly int _packMode = Gemm.PackMode;

    public void Dispose()
    {
        Gemm.MaxWidth = _maxWidth;
        Gemm.MaxThreads = _maxThreads;
        Gemm.ParallelThreshold = _threshold;
        Gemm.PackMode = _packMode;
        Gemm.EmulateWidth = false;
    }

    public static TheoryData<int> Widths => new(512, 256, 128, 0);

    // Every small shape, including empty ones and tails on both sides of each kernel's MR (4 or 6) and NR (4 to 64).
    [Theory]
    [MemberData(nameof(Widths))]
    public void SmallShapesMatchReference(int width)
    {
        UseWidth(width);
        var rng = new Random(1);
        int run = 0;
        foreach (int m in new[] { 0, 1, 2, 4, 5, 6, 7, 13 })
        {
            foreach (int n in new[] { 0, 1, 3, 4, 8, 15, 16, 17, 33, 64, 65 })
            {
                foreach (int k in new[] { 0, 1, 2, 7, 16 })
                {
                    foreach (bool transA in s_bools)
                    {
                        foreach (bool transB in s_bools)
                        {
                            run++;
                            Check(rng, transA, transB, m, n, k, accumulate: run % 2 == 0, pad: run % 3);
                        }
                    }
                }
            }
        }
    }

    // The thin path's dot products (A·Bᵀ with one or two rows, or with four columns or fewer): eight rows at a time
    // with a scalar tail of k, the last rows one at a time, and a column of C written with its row stride.
    [Theory]
    [MemberData(nameof(Widths))]
    public void ThinDotProductsMatchReference(int width)
    {
        UseWidth(width);
        var rng = new Random(4);
        int run = 0;
        foreach (int k in new[] { 3, 5, 8, 9, 23, 64, 67 })
        {
            foreach (int m in new[] { 1, 2 })
            {
                foreach (int n in new[] { 7, 8, 9, 16, 17, 64, 65 })
                    Check(rng, transA: false, transB: true, m, n, k, accumulate: ++run % 2 == 0, pad: run % 3);
            }
            foreach (int n in new[] { 1, 2, 4 })
            {
                foreach (int m in new[] { 3, 8, 9, 16, 33 })
                    Check(rng, transA: false, transB: true, m, n, k, accumulate: ++run % 2 == 0, pad: run % 3);
            }
        }
    }

    // Rows of the thin path go four at a time, yet each element must be the very sum of one dot product: the same
    // input gives the same output whether it comes alone or in a batch (acting on one observation, or evaluating).
    [Theory]
    [MemberData(nameof(Widths))]
    public void ThinProductsSumEachElementAsOneDotProductExactly(int width)
    {
        UseWidth(width);
        var rng = new Random(6);
        foreach (int k in new[] { 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 64, 67, 120 })
        {
            foreach (var (m, n) in new[] { (1, 64), (2, 13), (9, 1), (33, 4), (1, 5) })
            {
                var (a, lda) = Matrix(rng, m, k, 1);
                var (b, ldb) = Matrix(rng, n, k, 2);
                var (c, ldc) = Matrix(rng, m, n, 0);
                var whole = (float[])c.Clone();
                Gemm.Multiply(false, true, m, n, k, a, lda, b, ldb, whole, ldc, accumulate: true);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float[] one = [c[i * ldc + j]];
                        Gemm.Multiply(false, true, 1, 1, k, a.AsSpan(i * lda, k).ToArray(), k, b.AsSpan(j * ldb, k).ToArray(), k, one, 1, accumulate: true);
                        Assert.True(one[0] == whole[i * ldc + j], $"C[{i},{j}] of {m}x{n} (k={k}, width {width}): {whole[i * ldc + j]:R} in the batch, {one[0]:R} alone");
                    }
                }
            }
        }
    }

    // A row added to every row of C (a layer's bias) must give, bit for bit, what a copy of the row in every row of C
    // then a product added to them gives: on every path (thin dot products, short depths, row updates, the few-columns
    // path, full and edge tiles of the packed kernels, depths over one block, products split across threads), with C's
    // row padding left alone. It fails when a path starts a sum from zero or from C's old contents, or adds the row
    // after the products.
    [Theory]
    [MemberData(nameof(Widths))]
    public void AnAddedRowEqualsTheRowCopiedIntoCThenAccumulatedBitForBit(int width)
    {
        UseWidth(width);
        var rng = new Random(12);
        var shapes = new[]
        {
            (1, 64, 64), (2, 9, 5), (33, 4, 17), (256, 2, 64), (256, 1, 64), (256, 64, 4), (40, 70, 3), (1, 5, 1),
            (7, 33, 2), (256, 64, 64), (13, 17, 16), (6, 16, 300), (50, 120, 84), (0, 8, 8), (8, 8, 0),
        };
        foreach (var (m, n, k) in shapes)
        {
            foreach (bool transA in s_bools)
            {
                foreach (bool transB in s_bools)
                {
                    foreach (int threads in new[] { 1, 2 })
                    {
                        Gemm.MaxThreads = threads;
                        Gemm.ParallelThreshold = threads > 1 ? 1 : _threshold;
                        var (a, lda) = transA ? Matrix(rng, k, m, 1) : Matrix(rng, m, k, 1);
                        var (b, ldb) = transB ? Matrix(rng, n, k, 2) : Matrix(rng, k, n, 2);
                        var row = Uniform(rng, n);
                        var (c, ldc) = Matrix(rng, m, n, 3);
                        var expected = (float[])c.Clone();
                        for (int i = 0; i < m; i++) row.CopyTo(expected, i * ldc);
                        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate: true);
                        Gemm.MultiplyAddRow(transA, transB, m, n, k, a, lda, b, ldb, row, c, ldc);
                        for (int i = 0; i < c.Length; i++)
                            AssertSameBits(c[i], expected[i],
                                $"C[{i / ldc},{i % ldc}] of {m}x{n}, k={k}, transA={transA}, transB={transB}, {threads} thread(s), width {width}: {c[i]:R} against {expected[i]:R}");
                    }
                }
            }
        }
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddRow(false, false, 2, 3, 1, new float[2], 1, new float[3], 3, new float[2], new float[6], 3));
    }

    // Row updates (one or two rows of C, or k of one or two: a weight gradient from one sample) must give what the
    // packed micro-kernels give, bit for bit. The reference embeds the product in one the thin paths do not take: three
    // rows or more and k padded to 3 with zero columns of A and zero rows of B (each adds an exact zero after the
    // real products, so the sums are unchanged).
    [Theory]
    [MemberData(nameof(Widths))]
    public void RowUpdatesEqualThePackedKernelsBitForBit(int width)
    {
        UseWidth(width);
        var rng = new Random(8);
        foreach (var (m, k) in new[] { (1, 1), (1, 2), (2, 5), (1, 40), (7, 1), (70, 2), (3, 1) })
        {
            foreach (int n in new[] { 1, 3, 4, 9, 31, 33, 70 })
            {
                foreach (bool transA in s_bools)
                {
                    bool accumulate = (m + n + k) % 2 == 0;
                    int mm = Math.Max(m, 3), kk = Math.Max(k, 3);
                    var a = new float[mm * kk];   // op(A) as [mm, kk], stored transposed when transA
                    var b = new float[kk * n];
                    for (int i = 0; i < m; i++)
                        for (int p = 0; p < k; p++) a[transA ? p * mm + i : i * kk + p] = Draw(rng);
                    for (int i = 0; i < k * n; i++) b[i] = Draw(rng);
                    var c = Uniform(rng, mm * n);
                    var reference = (float[])c.Clone();
                    Gemm.Multiply(transA, false, mm, n, kk, a, transA ? mm : kk, b, n, reference, n, accumulate);

                    var thinA = new float[m * k];
                    for (int i = 0; i < m; i++)
                        for (int p = 0; p < k; p++) thinA[transA ? p * m + i : i * k + p] = a[transA ? p * mm + i : i * kk + p];
                    var thin = c.AsSpan(0, m * n).ToArray();
                    Gemm.Multiply(transA, false, m, n, k, thinA, transA ? m : k, b.AsSpan(0, k * n).ToArray(), n, thin, n, accumulate);
                    for (int i = 0; i < m * n; i++)
                        AssertSameBits(thin[i], reference[i],
                            $"C[{i / n},{i % n}] of {m}x{n}, k={k}, transA={transA}, width {width}: {thin[i]:R} thin, {reference[i]:R} packed");
                }
            }
        }
    }

    // The few-columns path (Aᵀ·B with n <= 4) against the packed kernels, bit for bit. The reference pads n to 5 with
    // a zero column of B, which the thin paths do not take.
    [Theory]
    [MemberData(nameof(Widths))]
    public void FewColumnPathEqualsThePackedKernelsBitForBit(int width)
    {
        UseWidth(width);
        var rng = new Random(12);
        foreach (int m in new[] { 3, 7, 64, 70 })
        {
            foreach (int k in new[] { 3, 17, 256, 300 })
            {
                for (int n = 1; n <= 4; n++)
                {
                    bool accumulate = (m + n + k) % 2 == 1;
                    var a = Uniform(rng, k * m);   // A stored [k, m]: op(A) = Aᵀ
                    var b = Uniform(rng, k * n);
                    var c = Uniform(rng, m * n);
                    var padded = new float[k * 5];
                    for (int p = 0; p < k; p++) b.AsSpan(p * n, n).CopyTo(padded.AsSpan(p * 5));
                    var reference = new float[m * 5];
                    for (int i = 0; i < m; i++) c.AsSpan(i * n, n).CopyTo(reference.AsSpan(i * 5));
                    Gemm.Multiply(true, false, m, 5, k, a, m, padded, 5, reference, 5, accumulate);
                    Gemm.Multiply(true, false, m, n, k, a, m, b, n, c, n, accumulate);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                            AssertSameBits(c[i * n + j], reference[i * 5 + j],
                                $"few columns: C[{i},{j}] of {m}x{n}, k={k}, width {width}: {c[i * n + j]:R} against {reference[i * 5 + j]:R}");
                }
            }
        }
    }

    // The short-depth path (A·Bᵀ with k <= 8: a first layer's forward pass) against the packed kernels, bit for bit.
    // The reference pads k to 9 with a zero column of A and of the stored B, which adds an exact zero after the real
    // products and takes the packed path.
    [Theory]
    [MemberData(nameof(Widths))]
    public void ShortDepthPathEqualsThePackedKernelsBitForBit(int width)
    {
        UseWidth(width);
        var rng = new Random(14);
        foreach (int m in new[] { 3, 7, 128 })
        {
            foreach (int n in new[] { 5, 8, 9, 33, 120 })
            {
                foreach (int k in new[] { 1, 3, 4, 8 })
                {
                    bool accumulate = (m + n + k) % 2 == 0;
                    var a = Uniform(rng, m * k);
                    var b = Uniform(rng, n * k);   // stored [n, k]: op(B) = Bᵀ
                    var c = Uniform(rng, m * n);
                    var paddedA = new float[m * 9];
                    var paddedB = new float[n * 9];
                    for (int i = 0; i < m; i++) a.AsSpan(i * k, k).CopyTo(paddedA.AsSpan(i * 9));
                    for (int j = 0; j < n; j++) b.AsSpan(j * k, k).CopyTo(paddedB.AsSpan(j * 9));
                    var reference = (float[])c.Clone();
                    Gemm.Multiply(false, true, m, n, 9, paddedA, 9, paddedB, 9, reference, n, accumulate);
                    Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, accumulate);
                    for (int i = 0; i < c.Length; i++)
                        AssertSameBits(c[i], reference[i],
                            $"short depth: C[{i / n},{i % n}] of {m}x{n}, k={k}, width {width}: {c[i]:R} against {reference[i]:R}");
                }
            }
        }
    }

    // An edge panel of 8 columns or fewer runs the left half of the AVX2 tile: each column the same chain of
    // multiply-adds as in a full tile, so the product equals the one padded to whole tiles, bit for bit.
    [Theory]
    [MemberData(nameof(Widths))]
    public void NarrowEdgePanelsEqualWholeTilesBitForBit(int width)
    {
        UseWidth(width);
        var rng = new Random(12);
        foreach (var (m, k) in new[] { (6, 1), (13, 7), (128, 120), (7, 300) })
        {
            foreach (int n in new[] { 5, 8, 20, 24, 84 })
            {
                foreach (bool transB in s_bools)
                {
                    bool accumulate = (m + n + k) % 2 == 1;
                    int padded = (n + 15) / 16 * 16;
                    var a = Uniform(rng, m * k);
                    // B as [k, padded] (or [padded, k] when transposed), the columns past n zero.
                    var b = new float[k * padded];
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < n; j++) b[transB ? j * k + p : p * padded + j] = Draw(rng);
                    var c0 = Uniform(rng, m * padded);
                    var whole = (float[])c0.Clone();
                    Gemm.Multiply(false, transB, m, padded, k, a, k, b, transB ? k : padded, whole, padded, accumulate);
                    // C with 3 numbers of padding after each row and five spare rows below (as many as a tile can reach
                    // past the last row), all of them sentinels that the product must leave alone (the narrow panels
                    // store to C itself, under a mask).
                    int ldc = n + 3;
                    var edge = new float[(m + 5) * ldc];
                    Array.Fill(edge, -7f);
                    var bn = new float[k * n];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) edge[i * ldc + j] = c0[i * padded + j];
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < n; j++) bn[transB ? j * k + p : p * n + j] = b[transB ? j * k + p : p * padded + j];
                    Gemm.Multiply(false, transB, m, n, k, a, k, bn, transB ? k : n, edge, ldc, accumulate);
                    for (int i = 0; i < m + 5; i++)
                    {
                        for (int j = 0; j < ldc; j++)
                        {
                            float expected = i < m && j < n ? whole[i * padded + j] : -7f;
                            AssertSameBits(edge[i * ldc + j], expected,
                                $"C[{i},{j}] of {m}x{n}, k={k}, transB={transB}, width {width}: {edge[i * ldc + j]:R}, expected {expected:R}");
                        }
                    }
                }
            }
        }
    }

    // Shapes that cross the KC (128, 256) and MC (128, 192) block edges, with operands packed and read in place.
    [Theory]
    [MemberData(nameof(Widths))]
    public void BlockEdgesMatchReferenceInEveryPackMode(int width)
    {
        UseWidth(width);
        var rng = new Random(2);
        (int M, int N, int K)[] shapes = [(193, 17, 257), (129, 70, 129), (7, 130, 300), (6, 16, 513)];
        foreach (int mode in new[] { 1, 2 })
        {
            Gemm.PackMode = mode;
            foreach (var (m, n, k) in shapes)
            {
                foreach (bool transA in s_bools)
                {
                    foreach (bool transB in s_bools)
                    {
                        Check(rng, transA, transB, m, n, k, accumulate: transA, pad: 3);
                    }
                }
            }
        }
    }

    // A large A (from Gemm.PackALargeFloats floats up, used across Gemm.PackAMinColumns columns or more) is packed by
    // default, on this processor's widest path: still the reference's numbers.
    [Fact]
    public void LargeOperandsPackedByDefaultMatchReference()
    {
        Gemm.MaxThreads = 1;   // one strip of all the columns
        var rng = new Random(5);
        int m = 1031, n = Gemm.PackAMinColumns + 3, k = (int)(Gemm.PackALargeFloats / 1024) + 9;
        Check(rng, transA: false, transB: true, m, n, k, accumulate: false, pad: 1);
        Check(rng, transA: true, transB: false, m, n, k, accumulate: true, pad: 1);
    }

    // Splitting over threads must give the same numbers as one thread, bit for bit: each element's sum runs in
    // the same order whichever thread owns its strip.
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ThreadedMatchesSingleThreadExactly(int threads)
    {
        var rng = new Random(3);
        foreach (var (m, n, k) in new[] { (150, 45, 270), (40, 200, 130), (96, 96, 96), (64, 300, 100) })
        {
            foreach (bool transA in s_bools)
            {
                foreach (bool transB in s_bools)
                {
                    var (a, lda) = Matrix(rng, transA ? k : m, transA ? m : k, 1);
                    var (b, ldb) = Matrix(rng, transB ? n : k, transB ? k : n, 2);
                    var (c0, ldc) = Matrix(rng, m, n, 0);
                    Gemm.MaxThreads = 1;
                    float[] single = (float[])c0.Clone();
                    Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, single, ldc, accumulate: true);
                    Gemm.MaxThreads = threads;
                    Gemm.ParallelThreshold = 0;
                    float[] threaded = (float[])c0.Clone();
                    Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, threaded, ldc, accumulate: true);
                    Assert.Equal(single, threaded);
                    Check(rng, transA, transB, m, n, k, accumulate: false, pad: 1);
                }
            }
        }
    }

    // Several threads splitting products at once: one holds the helper threads, the others run their strips alone,
    // and every strip runs exactly once (an accumulating product would show a strip run twice or never).
    [Fact]
    public void ConcurrentThreadedProductsEachRunEveryStripOnce()
    {
        var rng = new Random(9);
        int m = 70, n = 90, k = 50;
        var (a, lda) = Matrix(rng, m, k, 0);
        var (b, ldb) = Matrix(rng, k, n, 0);
        var (c0, ldc) = Matrix(rng, m, n, 0);
        Gemm.MaxThreads = 1;
        float[] expected = (float[])c0.Clone();
        Gemm.Multiply(false, false, m, n, k, a, lda, b, ldb, expected, ldc, accumulate: true);
        Gemm.MaxThreads = 2;
        Gemm.ParallelThreshold = 0;
        int wrong = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (int r = 0; r < 300; r++)
            {
                float[] c = (float[])c0.Clone();
                Gemm.Multiply(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate: true);
                if (!c.AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void KnownProduct()
    {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        float[] a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12], c = new float[4];
        Gemm.Multiply(false, false, 2, 2, 3, a, 3, b, 2, c, 2, accumulate: false);
        Assert.Equal([58f, 64f, 139f, 154f], c);
        Gemm.Multiply(false, false, 2, 2, 3, a, 3, b, 2, c, 2, accumulate: true);
        Assert.Equal([116f, 128f, 278f, 308f], c);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirName()
    {
        float[] x = new float[6];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 3, x, 2, x, 2, x, 2, false));
        Assert.Equal("lda", ex.ParamName);
        var shortC = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 2, 1, x, 1, x, 2, new float[5], 2, false));
        Assert.Contains("needs 6 elements", shortC.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 2, 3, x, 3, x, 2, x, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxWidth = 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
    }

    // Equal to the last bit (a NaN's payload included), which Assert.Equal on floats does not check.
    private static void AssertSameBits(float actual, float expected, string where) =>
        Assert.True(BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(expected), where);

    private static void UseWidth(int width)
    {
        Gemm.EmulateWidth = true;
        Gemm.MaxWidth = width;
        Gemm.MaxThreads = 1;
    }

    /// <summary>Runs one product and compares every element with a float64 reference; C's row padding must stay untouched.</summary>
    private static void Check(Random rng, bool transA, bool transB, int m, int n, int k, bool accumulate, int pad)
    {
        var (a, lda) = Matrix(rng, transA ? k : m, transA ? m : k, pad);
        var (b, ldb) = Matrix(rng, transB ? n : k, transB ? k : n, pad + 1);
        var (c, ldc) = Matrix(rng, m, n, pad + 2);
        float[] before = (float[])c.Clone();
        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? before[i * ldc + j] : 0, scale = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[p * lda + i] : a[i * lda + p];
                    double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                    scale += Math.Abs(av * bv);
                }
                // Float32 summation of k+1 terms errs by at most about (k+1)·ε·Σ|terms|.
                double tolerance = (k + 2) * 1.2e-7 * scale + 1e-30;
                double got = c[i * ldc + j];
                Assert.True(Math.Abs(got - sum) <= tolerance,
                    $"C[{i},{j}] = {got}, expected {sum} (m={m} n={n} k={k} transA={transA} transB={transB} accumulate={accumulate} lda={lda} ldb={ldb} ldc={ldc} width={Gemm.ActiveWidth} pack={Gemm.PackMode})");
            }
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.Equal(before[i * ldc + j], c[i * ldc + j]);
        }
    }

    /// <summary>A number drawn uniformly from [-1, 1].</summary>
    private static float Draw(Random rng) => (float)(rng.NextDouble() * 2 - 1);

    /// <summary><paramref name="length"/> numbers drawn uniformly from [-1, 1], in order.</summary>
    private static float[] Uniform(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = Draw(rng);
        return x;
    }

    /// <summary>A rows×cols matrix with row stride cols+pad, in [-1, 1], padding filled with a sentinel.</summary>
    private static (float[] Data, int Ld) Matrix(Random rng, int rows, int cols, int pad)
    {
        int ld = Math.Max(cols + pad, 1);
        float[] data = new float[Math.Max(rows * ld, 0)];
        for (int i = 0; i < data.Length; i++)
            data[i] = i % ld < cols ? Draw(rng) : 1e30f;
        return (data, ld);
    }
}
