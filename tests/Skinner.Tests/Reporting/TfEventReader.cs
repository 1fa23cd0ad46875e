using System.Buffers.Binary;

namespace Skinner.Tests.Reporting;

/// <summary>One protobuf field as read off the wire: varint/fixed numbers in <see cref="Number"/>, length-delimited
/// payloads in <see cref="Bytes"/>.</summary>
internal sealed record ProtoField(int Field, int WireType, ulong Number, byte[] Bytes)
{
    public double AsDouble => BitConverter.Int64BitsToDouble((long)Number);

    public float AsFloat => BitConverter.Int32BitsToSingle((int)Number);

    public string AsString => System.Text.Encoding.UTF8.GetString(Bytes);
}

/// <summary>Reads TFRecord files (checking both masked CRC-32Cs of every record) and protobuf wire format.</summary>
internal static class TfEventReader
{
    public static List<byte[]> Records(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            Assert.True(file.Length - pos >= 16, $"truncated record at {pos}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos));
            Assert.Equal(TestCrc.MaskedCastagnoli(file.AsSpan(pos, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8)));
            var data = file.AsSpan(pos + 12, (int)length);
            Assert.Equal(TestCrc.MaskedCastagnoli(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 12 + (int)length)));
            records.Add(data.ToArray());
            pos += 16 + (int)length;
        }
        return records;
    }

    public static List<ProtoField> Fields(byte[] message)
    {
        var fields = new List<ProtoField>();
        int pos = 0;
        while (pos < message.Length)
        {
            ulong key = Varint(message, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add(new(field, wire, Varint(message, ref pos), [])); break;
                case 1: fields.Add(new(field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(pos)), [])); pos += 8; break;
                case 5: fields.Add(new(field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(pos)), [])); pos += 4; break;
                case 2:
                    int n = (int)Varint(message, ref pos);
                    fields.Add(new(field, wire, 0, message.AsSpan(pos, n).ToArray()));
                    pos += n;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        Assert.Equal(message.Length, pos);
        return fields;
    }

    public static ProtoField Single(List<ProtoField> fields, int field) => Assert.Single(fields, f => f.Field == field);

    /// <summary>A scalar event as (wall time, step, tag, value).</summary>
    public static (double WallTime, long Step, string Tag, float Value) Scalar(byte[] eventBytes)
    {
        var ev = Fields(eventBytes);
        double wall = Single(ev, 1).AsDouble;
        long step = ev.Any(f => f.Field == 2) ? (long)Single(ev, 2).Number : 0;
        var summary = Fields(Single(ev, 5).Bytes);
        var value = Fields(Single(summary, 1).Bytes);
        return (wall, step, Single(value, 1).AsString, Single(value, 2).AsFloat);
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }
}
