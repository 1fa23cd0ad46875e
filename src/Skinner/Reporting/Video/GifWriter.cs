using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;
using Skinner.Envs.Rendering;

namespace Skinner.Reporting.Video;

/// <summary>
/// Writes an animated GIF frame by frame (looping forever by default, through the Netscape extension). Colours
/// are exact when a frame has at most 256 of them (classic-control and MinAtar frames always do); otherwise they
/// are quantised to a fixed 6×7×6 colour cube. The global colour table comes from the first frame; a later frame
/// with colours outside it gets a local table. Only the rectangle that changed since the previous frame is
/// stored, over the previous frame (disposal "do not dispose"), which keeps files of mostly still scenes small.
/// The file is written to a temporary file and moved into place by <see cref="Complete"/>.
/// </summary>
public sealed class GifWriter : IVideoWriter
{
    private readonly AtomicFileWriter _file;
    private readonly Stream _out;
    private readonly GifLzw _lzw = new();
    private readonly int _delay;
    private readonly bool _loop;
    private GifPalette? _global;
    private byte[] _previous = [];
    private int[] _region = [];
    private byte[] _indices = [];
    private int _width, _height;
    private bool _closed;

    /// <summary>Starts a GIF at <paramref name="path"/>.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="framesPerSecond">Playback rate; GIF stores delays in hundredths of a second, so the rate is
    /// rounded to 100 / round(100 / fps), and capped at 50 (browsers slow shorter delays down to 10 cs).</param>
    /// <param name="loop">Repeat forever (true) or play once.</param>
    public GifWriter(string path, double framesPerSecond = 30, bool loop = true)
    {
        _delay = DelayCentiseconds(framesPerSecond);
        _loop = loop;
        _file = AtomicFile.Begin(path);
        _out = _file.Stream;
    }

    /// <inheritdoc/>
    public string FilePath => _file.Target;

    /// <inheritdoc/>
    public int FrameCount { get; private set; }

    /// <summary>The delay between frames, in hundredths of a second, that <paramref name="framesPerSecond"/> gives.</summary>
    public static int DelayCentiseconds(double framesPerSecond)
    {
        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "Frames per second must be a positive number.");
        return (int)Math.Clamp(Math.Round(100 / framesPerSecond), 2, ushort.MaxValue);
    }

    /// <inheritdoc/>
    public void AddFrame(Frame frame) => AddFrame(frame, _delay);

    /// <summary>Appends a frame shown for <paramref name="delayCentiseconds"/> hundredths of a second.</summary>
    public void AddFrame(Frame frame, int delayCentiseconds)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delayCentiseconds, ushort.MaxValue);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (FrameCount == 0) Start(frame);
        else if (frame.Width != _width || frame.Height != _height)
            throw new ArgumentException($"Frame {FrameCount} is {frame.Width}x{frame.Height} but the GIF is {_width}x{_height}; render every frame at one size.", nameof(frame));

        var (x, y, w, h) = FrameCount == 0 ? (0, 0, _width, _height) : ChangedRectangle(frame.Rgb);
        Extract(frame.Rgb, x, y, w, h);
        ReadOnlySpan<int> pixels = _region.AsSpan(0, w * h);
        Span<byte> indices = _indices.AsSpan(0, w * h);
        GifPalette? local = null;
        if (!_global!.TryMap(pixels, indices))
        {
            local = GifPalette.Exact(pixels) ?? GifPalette.Cube;
            local.TryMap(pixels, indices);
        }
        WriteControlExtension(delayCentiseconds);
        WriteImageDescriptor(x, y, w, h, local);
        local?.Write(_out);
        _lzw.Encode(indices, Math.Max(2, (local ?? _global).Bits), _out);
        frame.Rgb.CopyTo(_previous, 0);
        FrameCount++;
    }

    /// <inheritdoc/>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (FrameCount == 0) throw new InvalidOperationException($"No frame was added to {FilePath}; a GIF needs at least one.");
        _out.WriteByte(0x3B);   // trailer
        _closed = true;
        _file.Commit();
    }

    /// <inheritdoc/>
    public void Abort()
    {
        _closed = true;
        _file.Dispose();
    }

    /// <summary>Completes the GIF if it has frames, else discards it.</summary>
    public void Dispose()
    {
        if (!_closed && FrameCount > 0) Complete();
        else Abort();
    }

    private void Start(Frame frame)
    {
        if (frame.Width > ushort.MaxValue || frame.Height > ushort.MaxValue)
            throw new ArgumentException($"GIF frames are at most 65535 pixels a side; this one is {frame.Width}x{frame.Height}.", nameof(frame));
        (_width, _height) = (frame.Width, frame.Height);
        _previous = new byte[frame.Rgb.Length];
        _region = new int[_width * _height];
        _indices = new byte[_width * _height];
        Extract(frame.Rgb, 0, 0, _width, _height);
        _global = GifPalette.Exact(_region) ?? GifPalette.Cube;

        _out.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)_width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)_height);
        screen[4] = (byte)(0x80 | 0x70 | (_global.Bits - 1));   // global table, 8-bit colour resolution, size
        screen[5] = 0;                                           // background colour index
        screen[6] = 0;                                           // square pixels
        _out.Write(screen);
        _global.Write(_out);
        if (_loop)
        {
            // Netscape application extension: sub-block id 1, loop count 0 = forever.
            _out.Write([0x21, 0xFF, 0x0B]);
            _out.Write("NETSCAPE2.0"u8);
            _out.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
        }
    }

    private void WriteControlExtension(int delay)
    {
        // Disposal 1 (leave the frame in place): the next frame draws only what changed on top of it.
        Span<byte> gce = [0x21, 0xF9, 0x04, 1 << 2, 0, 0, 0, 0x00];
        BinaryPrimitives.WriteUInt16LittleEndian(gce[4..], (ushort)delay);
        _out.Write(gce);
    }

    private void WriteImageDescriptor(int x, int y, int w, int h, GifPalette? local)
    {
        Span<byte> d = stackalloc byte[10];
        d[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(d[1..], (ushort)x);
        BinaryPrimitives.WriteUInt16LittleEndian(d[3..], (ushort)y);
        BinaryPrimitives.WriteUInt16LittleEndian(d[5..], (ushort)w);
        BinaryPrimitives.WriteUInt16LittleEndian(d[7..], (ushort)h);
        d[9] = local is null ? (byte)0 : (byte)(0x80 | (local.Bits - 1));
        _out.Write(d);
    }

    /// <summary>The smallest rectangle holding every pixel that differs from the previous frame (1×1 if none does).</summary>
    private (int X, int Y, int W, int H) ChangedRectangle(byte[] rgb)
    {
        int stride = _width * 3;
        int top = 0, bottom = _height - 1;
        while (top <= bottom && Row(rgb, top).SequenceEqual(Row(_previous, top))) top++;
        if (top > bottom) return (0, 0, 1, 1);
        while (Row(rgb, bottom).SequenceEqual(Row(_previous, bottom))) bottom--;
        int left = _width, right = -1;
        for (int y = top; y <= bottom; y++)
        {
            ReadOnlySpan<byte> now = Row(rgb, y), before = Row(_previous, y);
            // Only pixels left of the changes found so far can move the left edge, only those right of them the right.
            int same = now[..(3 * left)].CommonPrefixLength(before[..(3 * left)]);
            if (same < 3 * left) left = same / 3;
            int from = 3 * (right + 1);
            int tail = CommonSuffixLength(now[from..], before[from..]);
            if (tail < now.Length - from) right = (now.Length - tail - 1) / 3;
        }
        return (left, top, right - left + 1, bottom - top + 1);
    }

    private ReadOnlySpan<byte> Row(byte[] rgb, int y) => rgb.AsSpan(y * _width * 3, _width * 3);

    /// <summary>How many bytes at the end of <paramref name="a"/> equal those at the end of <paramref name="b"/>
    /// (spans of one length), compared 32 at a time.</summary>
    internal static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        const int Width = 32;   // Vector256<byte>.Count
        int n = a.Length, i = n;
        while (i >= Width)
        {
            var x = Vector256.Create(a[(i - Width)..i]);
            var y = Vector256.Create(b[(i - Width)..i]);
            uint differ = ~Vector256.Equals(x, y).ExtractMostSignificantBits();
            if (differ != 0)
            {
                int last = i - Width + (31 - BitOperations.LeadingZeroCount(differ));   // the last byte that differs
                return n - last - 1;
            }
            i -= Width;
        }
        while (i > 0 && a[i - 1] == b[i - 1]) i--;
        return n - i;
    }

    private void Extract(byte[] rgb, int x0, int y0, int w, int h)
    {
        for (int y = 0; y < h; y++)
        {
            int src = ((y0 + y) * _width + x0) * 3, dst = y * w;
            for (int x = 0; x < w; x++, src += 3) _region[dst + x] = rgb[src] << 16 | rgb[src + 1] << 8 | rgb[src + 2];
        }
    }
}
