namespace Skinner.Reporting.Video;

/// <summary>
/// GIF's variable-length LZW: codes start one bit wider than the minimum code size and grow to 12 bits; a clear
/// code starts the stream and restarts the dictionary when it fills; codes are packed least significant bit
/// first into sub-blocks of at most 255 bytes.
/// </summary>
internal sealed class GifLzw
{
    private const int MaxCode = 4096;
    private const int HashSize = 8191;    // prime, twice the dictionary: short probe chains

    private readonly int[] _hashKeys = new int[HashSize];
    private readonly short[] _hashCodes = new short[HashSize];
    private readonly byte[] _block = new byte[256];
    private int _blockLength;
    private ulong _bits;
    private int _bitCount;

    /// <summary>Writes the minimum code size byte, the compressed <paramref name="indices"/> in sub-blocks and
    /// the zero-length terminator.</summary>
    public void Encode(ReadOnlySpan<byte> indices, int minCodeSize, Stream output)
    {
        int clear = 1 << minCodeSize, end = clear + 1;
        output.WriteByte((byte)minCodeSize);
        _blockLength = 0;
        _bits = 0;
        _bitCount = 0;
        int width = minCodeSize + 1, next = end + 1;
        Reset();
        Emit(clear, width, output);
        if (indices.Length > 0)
        {
            int prefix = indices[0];
            for (int i = 1; i < indices.Length; i++)
            {
                int suffix = indices[i];
                int key = (prefix << 8) | suffix;
                int slot = Find(key);
                if (_hashKeys[slot] == key)
                {
                    prefix = _hashCodes[slot];
                    continue;
                }
                Emit(prefix, width, output);
                prefix = suffix;
                _hashKeys[slot] = key;
                _hashCodes[slot] = (short)next++;
                // The decoder learns each code one step later than we do, so it widens when it has
                // defined code 2^width - 1; we have then defined one more.
                if (next > (1 << width) && width < 12) width++;
                if (next == MaxCode)
                {
                    // Dictionary full: start over rather than keep coding with a stale table.
                    Emit(clear, width, output);
                    Reset();
                    width = minCodeSize + 1;
                    next = end + 1;
                }
            }
            Emit(prefix, width, output);
            // The decoder defines one more code on reading that last one (the entry we would have added next),
            // and widens if that reaches 2^width; the end code must be written at the width it will read.
            if (next >= (1 << width) && width < 12) width++;
        }
        Emit(end, width, output);
        if (_bitCount > 0) Put((byte)_bits, output);
        if (_blockLength > 0) FlushBlock(output);
        output.WriteByte(0);
    }

    private void Reset() => Array.Fill(_hashKeys, -1);

    private int Find(int key)
    {
        int slot = (int)((uint)(key * 0x9E3779B1) % HashSize);
        while (_hashKeys[slot] != -1 && _hashKeys[slot] != key) slot = slot == HashSize - 1 ? 0 : slot + 1;
        return slot;
    }

    private void Emit(int code, int width, Stream output)
    {
        _bits |= (ulong)code << _bitCount;
        _bitCount += width;
        while (_bitCount >= 8)
        {
            Put((byte)_bits, output);
            _bits >>= 8;
            _bitCount -= 8;
        }
    }

    private void Put(byte b, Stream output)
    {
        _block[1 + _blockLength++] = b;
        if (_blockLength == 255) FlushBlock(output);
    }

    private void FlushBlock(Stream output)
    {
        _block[0] = (byte)_blockLength;
        output.Write(_block, 0, _blockLength + 1);
        _blockLength = 0;
    }
}
