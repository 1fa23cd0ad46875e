using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Skinner.Tensors;

namespace Skinner.Nn.Serialization;

/// <summary>
/// Reads and writes the safetensors format (the format of Hugging Face's <c>safetensors</c> library):
/// an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {..}}</c>,
/// padded with spaces to a multiple of 8 bytes), then the tensors' bytes, little-endian, row-major, packed
/// back to back with offsets relative to the start of that data section.
/// <para>
/// Writing produces float32 (<c>F32</c>) tensors. Reading validates the whole file before returning anything
/// and accepts F32, F64, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8 and BOOL, converted to float32.
/// </para>
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (as in the reference implementation): 100 MB.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The metadata key of the header.</summary>
    internal const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes <paramref name="tensors"/> (in the given order) and <paramref name="metadata"/> to
    /// <paramref name="path"/> atomically (see <see cref="AtomicFile"/>): on failure the previous file, if any,
    /// is untouched. Names must be unique, non-empty, and not <c>__metadata__</c>.
    /// </summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = Checked(tensors);
        byte[] header = Header(list, metadata);
        AtomicFile.Write(path, stream => WriteTo(stream, header, list));
    }

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/> and <paramref name="metadata"/>.</summary>
    public static byte[] Serialize(IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = Checked(tensors);
        byte[] header = Header(list, metadata);
        using var ms = new MemoryStream();
        WriteTo(ms, header, list);
        return ms.ToArray();
    }

    /// <summary>
    /// Reads and validates a whole safetensors file. Throws <see cref="InvalidDataException"/> naming the
    /// tensor or byte offset at fault when the file is truncated, its header length or JSON is invalid, a
    /// dtype is unknown, an offset range is outside the data, or sizes disagree with dtype × shape.
    /// </summary>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No safetensors file at '{Path.GetFullPath(path)}'.", path);
        try
        {
            return SafeTensorsReader.ReadFile(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Parses and validates the bytes of a safetensors file (see <see cref="Load"/>); <paramref name="source"/> names it in errors.</summary>
    public static SafeTensorsFile Deserialize(ReadOnlySpan<byte> bytes, string source = "safetensors data") => SafeTensorsReader.Read(bytes, source);

    private static List<(string Name, Tensor Tensor)> Checked(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A tensor has an empty name; every tensor needs a unique, non-empty name.", nameof(tensors));
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (!names.Add(name)) throw new ArgumentException($"Two tensors are named '{name}'; names must be unique.", nameof(tensors));
        }
        return list;
    }

    private static byte[] Header(List<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        // Relaxed escaping keeps names readable (e.g. '+'); the output is still plain, valid JSON.
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(v, nameof(metadata));
                    w.WriteString(k, v);
                }
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                long size = (long)tensor.Numel * sizeof(float);
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in tensor.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + size);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += size;
            }
            w.WriteEndObject();
        }
        // Pad with spaces so that the data section starts 8-byte aligned (8 + N is a multiple of 8).
        int pad = (int)((8 - ms.Length % 8) % 8);
        for (int i = 0; i < pad; i++) ms.WriteByte((byte)' ');
        if (ms.Length > MaxHeaderBytes) throw new ArgumentException($"The header would be {ms.Length} bytes, over the {MaxHeaderBytes}-byte limit of the format; save fewer tensors per file.", nameof(tensors));
        return ms.ToArray();
    }

    private static void WriteTo(Stream stream, byte[] header, List<(string Name, Tensor Tensor)> tensors)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in tensors) WriteFloats(stream, tensor.Data);
    }

    private static void WriteFloats(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }
}
