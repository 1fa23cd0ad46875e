using System.Text.Json;

namespace Skinner.Tests;

/// <summary>
/// Decodes the tensor objects of the nn golden files (see tests/golden/nn/README.md):
/// explicit float32 (<c>data</c>), integer (<c>dtype: int64</c>), generated (<c>gen: hash32-v1</c>) and
/// summarised (<c>summary</c>, outputs only: compare those with <see cref="GoldenAssert.Close"/>).
/// </summary>
public static class GoldenTensor
{
    /// <summary>The <c>shape</c> of a tensor object; empty for a 0-d scalar.</summary>
    public static int[] Shape(JsonElement tensor)
    {
        var shape = tensor.GetProperty("shape");
        var dims = new int[shape.GetArrayLength()];
        int i = 0;
        foreach (var d in shape.EnumerateArray()) dims[i++] = d.GetInt32();
        return dims;
    }

    /// <summary>Number of elements of a shape (1 for a 0-d scalar).</summary>
    public static int Count(int[] shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return checked((int)n);
    }

    /// <summary>True when the object is a summary (its full data is not stored).</summary>
    public static bool IsSummary(JsonElement tensor) => tensor.TryGetProperty("summary", out _);

    /// <summary>
    /// The values and shape of an explicit or generated float tensor. A generated tensor is checked against
    /// its stored <c>head</c>; a summary cannot be read (it holds no full data) and throws.
    /// </summary>
    public static (float[] Data, int[] Shape) Read(JsonElement tensor)
    {
        int[] shape = Shape(tensor);
        int n = Count(shape);
        if (tensor.TryGetProperty("data", out var data))
        {
            if (tensor.TryGetProperty("dtype", out var dt) && dt.GetString() != "float32")
                throw new InvalidDataException($"Expected a float tensor, got dtype '{dt.GetString()}'.");
            var v = new float[n];
            int i = 0;
            foreach (var x in data.EnumerateArray())
            {
                if (i >= n) throw new InvalidDataException($"Tensor data has more than the {n} values its shape holds.");
                v[i++] = (float)x.GetDouble();
            }
            if (i != n) throw new InvalidDataException($"Tensor data has {i} values; its shape holds {n}.");
            return (v, shape);
        }
        if (tensor.TryGetProperty("gen", out var gen))
        {
            var values = Generate(gen, n);
            CheckHead(tensor, values);
            return (values, shape);
        }
        if (IsSummary(tensor)) throw new InvalidDataException("A summarised tensor holds no full data; compare it with GoldenAssert.Close.");
        throw new InvalidDataException("Tensor object has neither 'data', 'gen' nor 'summary'.");
    }

    /// <summary>The values and shape of an integer (int64) tensor, as int (indices and classes fit).</summary>
    public static (int[] Data, int[] Shape) ReadInts(JsonElement tensor)
    {
        int[] shape = Shape(tensor);
        if (!tensor.TryGetProperty("dtype", out var dt) || dt.GetString() != "int64")
            throw new InvalidDataException("Expected an int64 tensor (dtype \"int64\").");
        int n = Count(shape);
        var v = new int[n];
        int i = 0;
        foreach (var x in tensor.GetProperty("data").EnumerateArray())
        {
            if (i >= n) throw new InvalidDataException($"Integer tensor has more than the {n} values its shape holds.");
            v[i++] = checked((int)x.GetInt64());
        }
        if (i != n) throw new InvalidDataException($"Integer tensor has {i} values; its shape holds {n}.");
        return (v, shape);
    }

    /// <summary>Expands a <c>gen</c> object and checks the result against its <c>head</c>, when given.</summary>
    private static float[] Generate(JsonElement gen, int n)
    {
        string? algo = gen.GetProperty("algo").GetString();
        if (algo != "hash32-v1") throw new InvalidDataException($"Unknown generator '{algo}'.");
        return Hash32V1(n, gen.GetProperty("seed").GetUInt32(), gen.GetProperty("scale").GetDouble(), gen.GetProperty("offset").GetDouble());
    }

    /// <summary>
    /// The README's hash32-v1 generator: element i is <c>offset + scale·(((h(i) &gt;&gt; 8) - 2^23) / 2^23)</c>.
    /// </summary>
    public static float[] Hash32V1(int count, uint seed, double scale, double offset)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            uint x = unchecked((uint)i * 0x9E3779B1u + seed * 0x85EBCA77u + 0x165667B1u);
            x ^= x >> 15;
            x = unchecked(x * 0x2C1B3C6Du);
            x ^= x >> 12;
            x = unchecked(x * 0x297A2D39u);
            x ^= x >> 15;
            int m = (int)(x >> 8) - (1 << 23);
            v[i] = (float)(offset + scale * (m / 8388608.0));
        }
        return v;
    }

    /// <summary>Checks a generated tensor's values against the <c>head</c> stored beside its <c>gen</c>.</summary>
    public static void CheckHead(JsonElement tensor, float[] data)
    {
        if (!tensor.TryGetProperty("head", out var head)) return;
        int i = 0;
        foreach (var h in head.EnumerateArray())
        {
            if (i >= data.Length || data[i] != (float)h.GetDouble())
                throw new InvalidDataException($"Generated tensor disagrees with its head at element {i}.");
            i++;
        }
    }
}
