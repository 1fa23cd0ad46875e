using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Skinner.Nn.Serialization;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Raw(string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), v[i]);
        return b;
    }

    private static (string, Tensor)[] Sample() =>
    [
        ("w", new Tensor([1f, -2f, 3.5f, float.MaxValue, float.Epsilon, -0f], 2, 3)),
        ("scalar", Tensor.Scalar(42f)),
        ("empty", Tensor.Zeros(0, 4)),
        ("näme+odd/chars", new Tensor([7f], 1)),
    ];

    [Fact]
    public void RoundTripsNamesShapesValuesAndMetadata()
    {
        string path = Path.Combine(_dir, "a.safetensors");
        var meta = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" };
        SafeTensors.Save(path, Sample(), meta);
        var file = SafeTensors.Load(path);
        Assert.Equal(Sample().Select(s => s.Item1), file.Tensors.Keys);
        foreach (var (name, t) in Sample())
        {
            Assert.Equal(t.Shape, file.Tensors[name].Shape);
            Assert.Equal(t.Data, file.Tensors[name].Data);
            Assert.Equal("F32", file.DTypes[name]);
        }
        Assert.Equal(meta, file.Metadata);
    }

    [Fact]
    public void WritesTheDocumentedLayout()
    {
        byte[] bytes = SafeTensors.Serialize([("a", new Tensor([1f, 2f], 2)), ("b", Tensor.Scalar(3f))], new Dictionary<string, string> { ["k"] = "v" });
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        Assert.Equal((byte)'{', bytes[8]);
        Assert.Equal(8 + (int)n + 12, bytes.Length);
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        var root = doc.RootElement;
        Assert.Equal("v", root.GetProperty("__metadata__").GetProperty("k").GetString());
        Assert.Equal("F32", root.GetProperty("a").GetProperty("dtype").GetString());
        Assert.Equal("[0,8]", root.GetProperty("a").GetProperty("data_offsets").GetRawText());
        Assert.Equal("[8,12]", root.GetProperty("b").GetProperty("data_offsets").GetRawText());
        Assert.Equal("[]", root.GetProperty("b").GetProperty("shape").GetRawText());
        Assert.Equal(Floats(1f, 2f, 3f), bytes[(8 + (int)n)..]);
    }

    [Fact]
    public void ReadsOtherDtypesAsFloat()
    {
        var data = new byte[8 + 16 + 2 + 2];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.25);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), -5);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), 1L << 40);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(24), (Half)1.5);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(26), 0x4040); // bfloat16 3.0
        string header = """{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"i":{"dtype":"I64","shape":[2],"data_offsets":[8,24]},"h":{"dtype":"F16","shape":[],"data_offsets":[24,26]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[26,28]}}""";
        string path = Path.Combine(_dir, "dtypes.safetensors");
        File.WriteAllBytes(path, Raw(header, data));
        // Both the in-memory and the streaming reader.
        foreach (var file in new[] { SafeTensors.Deserialize(Raw(header, data)), SafeTensors.Load(path) })
        {
            Assert.Equal([0.25f], file.Tensors["d"].Data);
            Assert.Equal([-5f, 1099511627776f], file.Tensors["i"].Data);
            Assert.Equal([1.5f], file.Tensors["h"].Data);
            Assert.Equal([3f], file.Tensors["b"].Data);
            Assert.Equal("I64", file.DTypes["i"]);
        }
    }

    public static TheoryData<string, string> CorruptFiles()
    {
        return new TheoryData<string, string>
        {
            { "short", "shorter than the 8-byte header length" },
            { "huge-header", "over the format's" },
            { "header-past-end", "only" },
            { "not-json", "not valid JSON" },
            { "no-brace", "does not start with '{'" },
            { "bad-dtype", "'Q7'" },
            { "size-mismatch", "tensor 'w'" },
            { "out-of-range", "truncated" },
            { "overlap", "overlaps" },
            { "gap", "gap" },
            { "trailing", "belong to no tensor" },
            { "duplicate", "twice" },
            { "metadata-number", "must be strings" },
            { "negative-dim", "shape entry 0" },
        };
    }

    private static byte[] Corrupt(string kind)
    {
        var eight = Floats(1f, 2f);
        return kind switch
        {
            "short" => [1, 0, 0],
            "huge-header" => [0, 0, 0, 0, 0, 0, 0, 1, (byte)'{'],
            "header-past-end" => [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}'],
            "not-json" => Raw("""{"w":{"dtype":"F32",""", eight),
            "no-brace" => Raw("""  {"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight),
            "bad-dtype" => Raw("""{"w":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}}""", eight),
            "size-mismatch" => Raw("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", eight),
            "out-of-range" => Raw("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight[..6]),
            "overlap" => Raw("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight),
            "gap" => Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight),
            "trailing" => Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", eight),
            "duplicate" => Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight),
            "metadata-number" => Raw("""{"__metadata__":{"k":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight),
            "negative-dim" => Raw("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", eight),
            _ => throw new ArgumentException(kind),
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void CorruptFilesGiveClearErrors(string kind, string expected)
    {
        string path = Path.Combine(_dir, kind + ".safetensors");
        File.WriteAllBytes(path, Corrupt(kind));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTruncationOfAValidFileIsDetected()
    {
        byte[] bytes = SafeTensors.Serialize(Sample());
        for (int len = 0; len < bytes.Length; len++)
        {
            byte[] cut = bytes[..len];
            Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(cut));
        }
    }

    [Fact]
    public void SaveRejectsDuplicateAndReservedNames()
    {
        string path = Path.Combine(_dir, "x.safetensors");
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [("a", Tensor.Scalar(1)), ("a", Tensor.Scalar(2))])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [("__metadata__", Tensor.Scalar(1))]));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [("", Tensor.Scalar(1))]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SavingLeavesNoTemporaryFileAndReplacesTheOldOne()
    {
        string path = Path.Combine(_dir, "m.safetensors");
        SafeTensors.Save(path, [("a", Tensor.Scalar(1))]);
        SafeTensors.Save(path, [("a", Tensor.Scalar(2))]);
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal([2f], SafeTensors.Load(path).Tensors["a"].Data);
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne()
    {
        string path = Path.Combine(_dir, "m.safetensors");
        SafeTensors.Save(path, [("a", Tensor.Scalar(1))]);
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new IOException("disk full");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void SavingIntoAMissingDirectorySaysSo()
    {
        string path = Path.Combine(_dir, "nope", "m.safetensors");
        var e = Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Save(path, [("a", Tensor.Scalar(1))]));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingAMissingFileSaysSo()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(Path.Combine(_dir, "absent.safetensors")));
    }
}
