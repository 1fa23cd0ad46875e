using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Skinner.Tensors;

public static partial class Gemm
{
    /// <summary>Columns of B packed at once: a KC×NC block (4 MiB at KC = 256) stays in a shared L3.</summary>
    private const int NC = 4096;

    /// <summary>
    /// Multiply-adds below which a product stays on the calling thread. Waking a pool thread costs a few
    /// microseconds; at ~100 GFLOP/s a core does about 10^6 multiply-adds in 20 µs, so below about 1.5·10^6 the
    /// hand-off eats what the second core would save.
    /// </summary>
    internal static long ParallelThreshold { get; set; } = 1_500_000;

    /// <summary>A micro-kernel and its blocking: an MR×NR tile of C kept in registers over KC steps of k.</summary>
    private interface IMicroKernel
    {
        static abstract int MR { get; }

        static abstract int NR { get; }

        static abstract int KC { get; }

        static abstract int MC { get; }

        /// <summary>
        /// C[MR×NR] (row stride ldc) = (load ? C : 0) + Σ_p A(r, p)·B(p, j) over kc steps, where A(r, p) is at
        /// a[r·ars + p·acs] for r &lt; rows and B(p, j) at b[p·bs + j]. Rows at or past <c>rows</c> hold garbage.
        /// </summary>
        static abstract unsafe void Run(nint kc, float* a, nint ars, nint acs, int rows, float* b, nint bs, float* c, nint ldc, bool load);
    }

    /// <summary>
    /// One product's operands, as pinned pointers; slices describe one thread's share. With <c>Row</c> (n numbers),
    /// C starts from that row in every row instead of from C or zero (<see cref="MultiplyAddRow"/>).
    /// </summary>
    private readonly unsafe struct Problem(
        bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, float* row)
    {
        public readonly bool TransA = transA, TransB = transB, Accumulate = accumulate;
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly float* A = a, B = b, C = c, Row = row;

        /// <summary>Rows [i0, i0+rows) of op(A) and C.</summary>
        public Problem Rows(int i0, int rows) => new(TransA, TransB, rows, N, K,
            TransA ? A + i0 : A + (nint)i0 * Lda, Lda, B, Ldb, C + (nint)i0 * Ldc, Ldc, Accumulate, Row);

        /// <summary>Columns [j0, j0+cols) of op(B) and C.</summary>
        public Problem Columns(int j0, int cols) => new(TransA, TransB, M, cols, K,
            A, Lda, TransB ? B + (nint)j0 * Ldb : B + j0, Ldb, C + j0, Ldc, Accumulate, Row is null ? null : Row + j0);
    }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TK>(Problem p) where TK : struct, IMicroKernel
    {
        int threads = MaxThreads;
        if (threads > 1 && (long)p.M * p.N * p.K >= ParallelThreshold)
        {
            RunParallel<TK>(p, threads);
            return;
        }
        RunBlocked<TK>(p);
    }

    /// <summary>
    /// Splits C into strips that threads take as they come free. Column strips are preferred: each packs only
    /// its own columns of B and reads A in place, so splitting costs nothing, and with a few strips per thread a
    /// thread that the scheduler delays holds up one small strip instead of half the product (on a busy machine
    /// a fixed half-and-half split can leave the caller waiting for a descheduled worker). Products too narrow
    /// for that are split into one row strip per thread, each packing the whole of B.
    /// Every element of C is computed by one strip with the same order of additions, so the result does not
    /// depend on the split.
    /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunParallel<TK>(Problem p, int threads) where TK : struct, IMicroKernel
    {
        const int StripsPerThread = 3;
        int colUnits = (p.N + TK.NR - 1) / TK.NR;
        int rowUnits = (p.M + TK.MR - 1) / TK.MR;
        bool byRows = colUnits < 2 * threads && rowUnits > colUnits;
        int unit = byRows ? TK.MR : TK.NR;
        int extent = byRows ? p.M : p.N;
        int units = byRows ? rowUnits : colUnits;
        int chunks = Math.Min(byRows ? threads : threads * StripsPerThread, units);
        if (chunks <= 1)
        {
            RunBlocked<TK>(p);
            return;
        }
        int perChunk = (units + chunks - 1) / chunks * unit;
        chunks = (extent + perChunk - 1) / perChunk;
        HelperThreads.For(chunks, threads, i =>
        {
            int start = i * perChunk;
            int size = Math.Min(perChunk, extent - start);
            RunBlocked<TK>(byRows ? p.Rows(start, size) : p.Columns(start, size));
        });
    }

    /// <summary>The BLIS loop nest on one thread: NC columns, KC depth, MC rows, then NR×MR tiles.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunBlocked<TK>(Problem p) where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR, kcMax = TK.KC, mcMax = TK.MC;
        bool packB = ShouldPackB<TK>(p);
        bool packA = ShouldPackA(p);
        bool simdPack = typeof(TK) != typeof(KernelScalar);
        int ncMax = Math.Min(NC, p.N);
        var space = PackSpace.ForThisThread;
        float* bPack = space.B(packB ? kcMax * RoundUp(ncMax, nr) : kcMax * nr);
        float* aPack = packA ? space.A(mcMax * kcMax) : null;
        float* tile = stackalloc float[mr * nr];

        for (int jc = 0; jc < p.N; jc += NC)
        {
            int nc = Math.Min(NC, p.N - jc);
            for (int pc = 0; pc < p.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, p.K - pc);
                // The first depth block starts from C, from zero, or from the added row, written into each tile below.
                bool fill = pc == 0 && p.Row is not null;
                bool load = p.Accumulate || pc > 0 || fill;
                if (packB) PackB(p, pc, kc, jc, nc, nr, simdPack, bPack);
                for (int ic = 0; ic < p.M; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, p.M - ic);
                    float* aBlock;
                    nint ars, acs, aPanel;
                    if (packA)
                    {
                        PackA(p, ic, mc, pc, kc, mr, aPack);
                        aBlock = aPack;
                        ars = 1;
                        acs = mr;
                        aPanel = (nint)mr * kc;
                    }
                    else if (p.TransA)
                    {
                        aBlock = p.A + (nint)pc * p.Lda + ic;
                        ars = 1;
                        acs = p.Lda;
                        aPanel = mr;
                    }
                    else
                    {
                        aBlock = p.A + (nint)ic * p.Lda + pc;
                        ars = p.Lda;
                        acs = 1;
                        aPanel = (nint)mr * p.Lda;
                    }
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp;
                        nint bs;
                        if (packB)
                        {
                            bp = bPack + (nint)jr * kc;
                            bs = nr;
                        }
                        else if (cols == nr)
                        {
                            bp = p.B + (nint)pc * p.Ldb + jc + jr;
                            bs = p.Ldb;
                        }
                        else
                        {
                            // A partial panel read in place would run past the row: pack just this one.
                            PackB(p, pc, kc, jc + jr, cols, nr, simdPack, bPack);
                            bp = bPack;
                            bs = nr;
                        }
                        float* cCol = p.C + jc + jr;
                        float* ap = aBlock;
                        for (int ir = 0; ir < mc; ir += mr, ap += aPanel)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* cp = cCol + (nint)(ic + ir) * p.Ldc;
                            // The next tile of C (down this panel, or the top of the next one) is fetched while this one
                            // computes: a large C lives in L3 or memory, and the kernel's first loads would wait on it.
                            PrefetchTile(ir + mr < mc ? cp + (nint)mr * p.Ldc : jr + nr < nc ? cCol + nr + (nint)ic * p.Ldc : null, p.Ldc, mr, cols);
                            int kernelRows = packA ? mr : rows;
                            if (fill) FillRows(p.Row + jc + jr, cp, p.Ldc, rows, cols);
                            if (rows == mr && cols == nr)
                                TK.Run(kc, ap, ars, acs, kernelRows, bp, bs, cp, p.Ldc, load);
                            else
                                EdgeTile<TK>(kc, ap, ars, acs, kernelRows, bp, bs, cp, p.Ldc, rows, cols, load, tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Asks for the cache lines of an MR×NR tile of C (row stride ldc) ahead of use; nothing without SSE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(float* c, nint ldc, int rows, int cols)
    {
        if (c is null || !Sse.IsSupported) return;
        for (int r = 0; r < rows; r++, c += ldc)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + cols - 1);
        }
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a scratch tile and copy the valid part (or, for a narrow
    /// AVX2 panel, the left half of the kernel on C itself).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void EdgeTile<TK>(
        nint kc, float* a, nint ars, nint acs, int kernelRows, float* b, nint bs,
        float* c, nint ldc, int rows, int cols, bool load, float* tile) where TK : struct, IMicroKernel
    {
        int nr = TK.NR;
        // An AVX2 edge panel of 8 columns or fewer needs only the left half of the tile, which works on C in place with
        // masked loads and stores (AVX; a 256-bit kernel emulated on other hardware keeps the scratch tile).
        if (typeof(TK) == typeof(Kernel256) && cols <= 8 && Avx.IsSupported)
        {
            Kernel256.RunLeftHalf(kc, a, ars, acs, kernelRows, b, bs, c, ldc, rows, cols, load);
            return;
        }
        if (load)
        {
            for (int r = 0; r < rows; r++)
                new ReadOnlySpan<float>(c + r * ldc, cols).CopyTo(new Span<float>(tile + r * nr, cols));
        }
        TK.Run(kc, a, ars, acs, kernelRows, b, bs, tile, nr, load);
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<float>(tile + r * nr, cols).CopyTo(new Span<float>(c + r * ldc, cols));
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
