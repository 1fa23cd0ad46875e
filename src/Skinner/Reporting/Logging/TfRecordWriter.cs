using System.Buffers.Binary;

namespace Skinner.Reporting.Logging;

/// <summary>
/// TFRecord framing: each record is its length (uint64, little-endian), the masked CRC-32C of those eight
/// bytes, the data, and the masked CRC-32C of the data.
/// </summary>
internal static class TfRecordWriter
{
    /// <summary>Appends one record holding <paramref name="data"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32.MaskedCastagnoli(header[..8]));
        output.Write(header);
        output.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32.MaskedCastagnoli(data));
        output.Write(footer);
    }
}
