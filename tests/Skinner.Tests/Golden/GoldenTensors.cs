using System.Text.Json;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>Minimal decoding of explicit and generated golden tensors, and a tolerance check sized by fp64_max_abs_diff.</summary>
internal static class GoldenTensors
{
    public static (float[] Data, int[] Shape) Read(JsonElement t)
    {
        int[] shape = [.. t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
        int n = shape.Aggregate(1, (a, b) => checked(a * b));
        if (t.TryGetProperty("data", out var data))
        {
            float[] v = [.. data.EnumerateArray().Select(x => (float)x.GetDouble())];
            if (v.Length != n) throw new InvalidDataException($"Tensor data has {v.Length} values for shape [{string.Join(", ", shape)}].");
            return (v, shape);
        }
        if (t.TryGetProperty("gen", out var gen))
        {
            if (gen.GetProperty("algo").GetString() != "hash32-v1") throw new InvalidDataException($"Unknown generator {gen.GetProperty("algo")}.");
            var v = Hash32V1(n, gen.GetProperty("seed").GetUInt32(), gen.GetProperty("scale").GetDouble(), gen.GetProperty("offset").GetDouble());
            int i = 0;
            foreach (var h in t.GetProperty("head").EnumerateArray())
            {
                if (v[i] != (float)h.GetDouble()) throw new InvalidDataException($"Generated tensor disagrees with its head at {i}.");
                i++;
            }
            return (v, shape);
        }
        throw new InvalidDataException("Optimizer golden tensors must be explicit or generated.");
    }

    public static void Close(JsonElement c, string output, JsonElement expected, ReadOnlySpan<float> got, int[] shape)
    {
        var (e, eShape) = Read(expected);
        string name = c.GetProperty("name").GetString() + ": " + output;
        if (!eShape.AsSpan().SequenceEqual(shape)) throw new XunitException($"{name}: shape [{string.Join(", ", shape)}], expected [{string.Join(", ", eShape)}]");
        double fp64 = c.TryGetProperty("fp64_max_abs_diff", out var d) && d.TryGetProperty(output, out var v) ? v.GetDouble() : 0;
        double maxAbs = e.Length == 0 ? 0 : e.Max(x => Math.Abs((double)x));
        double atol = 4 * fp64 + 2e-6 * Math.Max(1, maxAbs);
        for (int i = 0; i < e.Length; i++)
        {
            double diff = Math.Abs((double)got[i] - e[i]);
            if (!(diff <= atol + 1e-4 * Math.Abs((double)e[i])))
                throw new XunitException($"{name}[{i}] = {got[i]:R}, expected {e[i]:R} (|diff| {diff:G3})");
        }
    }

    private static float[] Hash32V1(int count, uint seed, double scale, double offset)
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
}
