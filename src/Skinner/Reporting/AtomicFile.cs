using System.Text;

namespace Skinner.Reporting;

/// <summary>
/// Writes whole files so that a reader sees either the old file or the complete new one, never half of it:
/// the bytes go to a temporary file in the same directory (a rename is atomic only within one file system),
/// are flushed to disk, and the temporary file is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="data"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data)
    {
        using var writer = Begin(path);
        writer.Stream.Write(data);
        writer.Commit();
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var writer = Begin(path);
        write(writer.Stream);
        writer.Commit();
    }

    /// <summary>
    /// Opens a temporary file next to <paramref name="path"/> (creating the directory if needed). Write to
    /// <see cref="AtomicFileWriter.Stream"/>, then call <see cref="AtomicFileWriter.Commit"/>; disposing without
    /// committing deletes the temporary file and leaves the target as it was.
    /// </summary>
    public static AtomicFileWriter Begin(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(dir);
        // The leading dot hides the file from listings; the random part keeps two writers apart.
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        return new AtomicFileWriter(full, temp);
    }
}

/// <summary>A file being written atomically; see <see cref="AtomicFile.Begin"/>.</summary>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    internal AtomicFileWriter(string target, string temp)
    {
        Target = target;
        TempPath = temp;
        _stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>The file that <see cref="Commit"/> replaces.</summary>
    public string Target { get; }

    /// <summary>The temporary file being written.</summary>
    public string TempPath { get; }

    /// <summary>Where to write the new content.</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the content to disk and renames it over <see cref="Target"/>.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TempPath, Target, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _stream.Dispose();
        try { File.Delete(TempPath); }
        catch (IOException) { /* a leftover hidden .tmp file is harmless; the target is untouched */ }
    }
}
