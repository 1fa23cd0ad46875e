using System.Buffers.Binary;
using System.Text;

namespace Skinner.Reporting.Logging;

/// <summary>
/// Just enough protocol buffer wire format to write TensorBoard events by hand: varints, fixed 32/64-bit
/// numbers and length-delimited fields, appended to a growable buffer.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The encoded message.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Starts a new message, keeping the buffer.</summary>
    public void Clear() => Length = 0;

    /// <summary>Field with wire type 1 (fixed 64-bit), e.g. <c>double</c>.</summary>
    public void Double(int field, double value)
    {
        Tag(field, 1);
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
    }

    /// <summary>Field with wire type 5 (fixed 32-bit), e.g. <c>float</c>.</summary>
    public void Float(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    /// <summary>Field with wire type 0 (varint) holding an <c>int64</c> (negative numbers take ten bytes, as in protobuf).</summary>
    public void Int64(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
    }

    /// <summary>Field with wire type 2 holding UTF-8 text.</summary>
    public void String(int field, string value)
    {
        Tag(field, 2);
        int count = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    /// <summary>Starts an embedded message; returns a mark to hand to <see cref="EndMessage"/>.</summary>
    /// <remarks>The length is not known yet, so five bytes (the largest varint of a 32-bit length) are held and
    /// the content is moved down over the unused ones when the message ends.</remarks>
    public int BeginMessage(int field)
    {
        Tag(field, 2);
        Reserve(5);
        return Length;
    }

    /// <summary>Ends the embedded message begun at <paramref name="mark"/>.</summary>
    public void EndMessage(int mark)
    {
        int size = Length - mark;
        Span<byte> prefix = stackalloc byte[5];
        int n = EncodeVarint((ulong)size, prefix);
        int start = mark - 5;
        _buffer.AsSpan(mark, size).CopyTo(_buffer.AsSpan(start + n));
        prefix[..n].CopyTo(_buffer.AsSpan(start));
        Length = start + n + size;
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        Span<byte> tmp = stackalloc byte[10];
        int n = EncodeVarint(value, tmp);
        tmp[..n].CopyTo(Reserve(n));
    }

    private static int EncodeVarint(ulong value, Span<byte> output)
    {
        int n = 0;
        while (value >= 0x80)
        {
            output[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        output[n++] = (byte)value;
        return n;
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
