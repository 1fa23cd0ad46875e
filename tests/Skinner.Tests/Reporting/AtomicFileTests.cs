using Skinner.Reporting;

namespace Skinner.Tests.Reporting;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-atomic").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void ReplacesTheTargetAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_dir, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["a.txt"], Directory.GetFiles(Path.Combine(_dir, "sub")).Select(Path.GetFileName));
    }

    [Fact]
    public void FailedWriteLeavesTheOldContentAndNoTemporaryFile()
    {
        string path = Path.Combine(_dir, "b.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9, 9, 9]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TemporaryFileLivesInTheTargetDirectoryUntilCommit()
    {
        string path = Path.Combine(_dir, "c.txt");
        using var writer = AtomicFile.Begin(path);
        Assert.Equal(_dir, Path.GetDirectoryName(writer.TempPath));
        writer.Stream.Write("hi"u8);
        Assert.False(File.Exists(path));
        writer.Commit();
        Assert.Equal("hi", File.ReadAllText(path));
    }
}
