using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The helper threads that split products and run an actor's and a critic's halves side by side.</summary>
[Collection(nameof(GemmSettingsCollection))]
public sealed class HelperThreadsTests : IDisposable
{
    private readonly int _maxThreads = Gemm.MaxThreads;

    public void Dispose() => Gemm.MaxThreads = _maxThreads;

    [Fact]
    public void BothRunsTheTwoPiecesAtOnceWhenTwoThreadsAreAllowed()
    {
        Gemm.MaxThreads = 2;
        using var secondStarted = new ManualResetEventSlim();
        int firstThread = 0, secondThread = 0, firstRuns = 0, secondRuns = 0;
        bool sawSecond = false;
        HelperThreads.Both(
            () =>
            {
                Interlocked.Increment(ref firstRuns);
                firstThread = Environment.CurrentManagedThreadId;
                // Only a second thread can set this while the first piece waits.
                sawSecond = secondStarted.Wait(TimeSpan.FromSeconds(10));
            },
            () =>
            {
                Interlocked.Increment(ref secondRuns);
                secondThread = Environment.CurrentManagedThreadId;
                secondStarted.Set();
            });
        Assert.Equal(1, firstRuns);
        Assert.Equal(1, secondRuns);
        Assert.True(sawSecond, "the second piece did not start while the first ran");
        Assert.NotEqual(firstThread, secondThread);
    }

    [Fact]
    public void BothRunsOneAfterTheOtherOnTheCallerWithOneThread()
    {
        Gemm.MaxThreads = 1;
        int caller = Environment.CurrentManagedThreadId;
        var order = new List<(string Piece, int Thread)>();
        HelperThreads.Both(() => order.Add(("first", Environment.CurrentManagedThreadId)), () => order.Add(("second", Environment.CurrentManagedThreadId)));
        Assert.Equal([("first", caller), ("second", caller)], order);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AFailingPieceRethrowsItsOwnException(int threads)
    {
        Gemm.MaxThreads = threads;
        int otherRuns = 0;
        var e = Assert.Throws<InvalidOperationException>(() =>
            HelperThreads.Both(() => Interlocked.Increment(ref otherRuns), () => throw new InvalidOperationException("critic failed")));
        Assert.Equal("critic failed", e.Message);
        Assert.Equal(1, otherRuns);
    }

    [Fact]
    public void WorkSplitFromInsideAPieceStaysOnThatPiecesThread()
    {
        Gemm.MaxThreads = 2;
        var threadsOfChunks = new int[2][];
        void Piece(int which)
        {
            int own = Environment.CurrentManagedThreadId;
            var seen = new int[8];
            HelperThreads.For(8, 2, i => seen[i] = Environment.CurrentManagedThreadId);
            Assert.All(seen, t => Assert.Equal(own, t));
            threadsOfChunks[which] = seen;
        }
        HelperThreads.Both(() => Piece(0), () => Piece(1));
        Assert.NotNull(threadsOfChunks[0]);
        Assert.NotNull(threadsOfChunks[1]);

        // Outside a piece the same call uses the helper again: every chunk runs once.
        int ran = 0;
        HelperThreads.For(64, 2, _ => Interlocked.Increment(ref ran));
        Assert.Equal(64, ran);
    }
}
