using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Skinner.Tensors;

namespace Skinner.Nn.Serialization;

/// <summary>
/// Parses a safetensors file and checks everything before any tensor is built: the header length against
/// the file, the JSON, each entry's dtype, shape and offsets, sizes against dtype × shape, and that the
/// tensors tile the data section exactly (no overlap, no hole, nothing missing, nothing after the end).
/// </summary>
internal static class SafeTensorsReader
{
    private readonly record struct Entry(string Name, string DType, int ElementSize, int[] Shape, long Begin, long End);

    public static SafeTensorsFile Read(ReadOnlySpan<byte> bytes, string source)
    {
        int headerLength = HeaderLength(bytes.Length < 8 ? bytes : bytes[..8], bytes.Length, source);
        var (entries, metadata) = ParseHeader(bytes.Slice(8, headerLength), source);
        long dataStart = 8L + headerLength;
        CheckLayout(entries, bytes.Length - dataStart, dataStart, source);
        var data = bytes[(int)dataStart..];
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var dtypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            tensors.Add(e.Name, new Tensor(Decode(data[(int)e.Begin..(int)e.End], e.DType), e.Shape));
            dtypes.Add(e.Name, e.DType);
        }
        return new SafeTensorsFile(tensors, dtypes, metadata);
    }

    /// <summary>
    /// Reads a file through a stream: the header is validated first, then each tensor is read straight into
    /// its own array, so a file may exceed the 2 GB of one array and is never held twice in memory.
    /// </summary>
    public static SafeTensorsFile ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long length = stream.Length;
        Span<byte> first = stackalloc byte[8];
        int got = stream.ReadAtLeast(first, 8, throwOnEndOfStream: false);
        int headerLength = HeaderLength(first[..got], length, path);
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var (entries, metadata) = ParseHeader(header, path);
        long dataStart = 8L + headerLength;
        CheckLayout(entries, length - dataStart, dataStart, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var dtypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            stream.Position = dataStart + e.Begin;
            float[] values;
            if (e.DType == "F32" && BitConverter.IsLittleEndian)
            {
                values = new float[(e.End - e.Begin) / 4];
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            else
            {
                var raw = new byte[e.End - e.Begin];
                stream.ReadExactly(raw);
                values = Decode(raw, e.DType);
            }
            tensors.Add(e.Name, new Tensor(values, e.Shape));
            dtypes.Add(e.Name, e.DType);
        }
        return new SafeTensorsFile(tensors, dtypes, metadata);
    }

    // The 8-byte little-endian header length, checked against the file length.
    private static int HeaderLength(ReadOnlySpan<byte> first, long fileLength, string source)
    {
        if (first.Length < 8 || fileLength < 8)
            throw Bad(source, $"it is {fileLength} bytes long, shorter than the 8-byte header length that starts every safetensors file. The file is truncated or not a safetensors file.");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(first);
        if (n > SafeTensors.MaxHeaderBytes)
            throw Bad(source, $"its first 8 bytes give a header length of {n} bytes, over the format's {SafeTensors.MaxHeaderBytes}-byte limit. The file is corrupt or not a safetensors file.");
        if ((long)n > fileLength - 8)
            throw Bad(source, $"its header length is {n} bytes but only {fileLength - 8} bytes follow the 8-byte length field. The file is truncated or corrupt.");
        return (int)n;
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw Bad(source, "its header (byte 8 on) does not start with '{'. The file is corrupt or not a safetensors file.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            long at = 8 + (e.BytePositionInLine ?? 0);
            throw Bad(source, $"its header is not valid JSON (near line {e.LineNumber + 1}, byte {e.BytePositionInLine}; around file byte {at}): {e.Message} The file is corrupt.", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(source, "its header is JSON but not an object.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(prop.Name)) throw Bad(source, $"its header names '{prop.Name}' twice; keys must be unique.");
                if (prop.Name == SafeTensors.MetadataKey) ReadMetadata(prop.Value, metadata, source);
                else entries.Add(ReadEntry(prop.Name, prop.Value, source));
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object) throw Bad(source, $"its '{SafeTensors.MetadataKey}' is not an object of strings.");
        foreach (var p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Bad(source, $"metadata key '{p.Name}' holds a {p.Value.ValueKind}, but metadata values must be strings.");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!)) throw Bad(source, $"metadata key '{p.Name}' appears twice.");
        }
    }

    private static Entry ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad(source, $"tensor '{name}': its header entry is not an object.");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(source, $"tensor '{name}': the header entry has no string \"dtype\".");
        string dtype = dtypeElement.GetString()!;
        int size = ElementSize(dtype);
        if (size == 0)
            throw Bad(source, $"tensor '{name}' has dtype '{dtype}', which this reader does not support (it reads F32, F64, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL). Convert the tensor before saving.");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"tensor '{name}': the header entry has no \"shape\" array.");
        var shape = new int[shapeElement.GetArrayLength()];
        long numel = 1;
        int k = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0 || dim > Array.MaxLength)
                throw Bad(source, $"tensor '{name}': shape entry {k} ({d.GetRawText()}) is not a non-negative integer that fits in memory.");
            shape[k++] = (int)dim;
            numel = dim == 0 ? 0 : numel;
            if (numel > Array.MaxLength / Math.Max(1, dim)) throw Bad(source, $"tensor '{name}': shape [{string.Join(", ", shape[..k])}...] has more elements than fit in one array.");
            numel *= dim;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad(source, $"tensor '{name}': the header entry has no \"data_offsets\" array of two numbers.");
        long begin = Offset(offsets[0], name, source);
        long end = Offset(offsets[1], name, source);
        if (end < begin) throw Bad(source, $"tensor '{name}': data_offsets [{begin}, {end}] end before they begin.");
        if (end - begin != numel * size)
            throw Bad(source, $"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes, but dtype {dtype} with shape [{string.Join(", ", shape)}] needs {numel * size}. The header is corrupt.");
        return new Entry(name, dtype, size, shape, begin, end);
    }

    private static long Offset(JsonElement e, string name, string source)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < 0)
            throw Bad(source, $"tensor '{name}': data offset {e.GetRawText()} is not a non-negative integer.");
        return v;
    }

    // The tensors, sorted by offset, must cover [0, dataLength) exactly, as the reference implementation requires.
    private static void CheckLayout(List<Entry> entries, long dataLength, long dataStart, string source)
    {
        foreach (var e in entries)
        {
            if (e.End > dataLength)
                throw Bad(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] reach file byte {dataStart + e.End}, but the file ends at byte {dataStart + dataLength}. The file is truncated (an interrupted write?); use an earlier checkpoint.");
        }
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        foreach (var e in sorted)
        {
            if (e.Begin != expected)
            {
                string what = e.Begin < expected ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw Bad(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] start at data byte {e.Begin} (file byte {dataStart + e.Begin}) where {expected} was expected: it {what}. The header is corrupt.");
            }
            expected = e.End;
        }
        if (expected != dataLength)
            throw Bad(source, $"its tensors end at data byte {expected} (file byte {dataStart + expected}) but the file goes on to byte {dataStart + dataLength}: {dataLength - expected} bytes belong to no tensor. The file is corrupt.");
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => 0,
    };

    private static float[] Decode(ReadOnlySpan<byte> b, string dtype)
    {
        int size = ElementSize(dtype);
        var v = new float[b.Length / size];
        if (dtype == "F32" && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(b).CopyTo(v);
            return v;
        }
        for (int i = 0; i < v.Length; i++)
        {
            var x = b.Slice(i * size, size);
            v[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(x),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(x),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(x),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(x) << 16),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(x),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(x),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(x),
                "U64" => BinaryPrimitives.ReadUInt64LittleEndian(x),
                "U32" => BinaryPrimitives.ReadUInt32LittleEndian(x),
                "U16" => BinaryPrimitives.ReadUInt16LittleEndian(x),
                "I8" => (sbyte)x[0],
                _ => x[0], // U8, BOOL
            };
        }
        return v;
    }

    private static InvalidDataException Bad(string source, string problem, Exception? inner = null) =>
        new($"Cannot read safetensors file '{source}': {problem}", inner);
}
