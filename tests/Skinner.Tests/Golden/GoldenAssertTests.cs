using System.Text.Json;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>The golden comparison itself: real values pass, a perturbed value fails, summaries are checked.</summary>
public class GoldenAssertTests
{
    /// <summary>Every explicit or summarised float output of the first file with cases, with its case.</summary>
    private static IEnumerable<(GoldenCase Case, string Name, JsonElement Tensor)> Outputs(JsonDocument doc)
    {
        foreach (var element in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var c = new GoldenCase(element);
            foreach (var o in element.GetProperty("outputs").EnumerateObject())
            {
                if (!o.Value.TryGetProperty("dtype", out _)) yield return (c, o.Name, o.Value);
            }
        }
    }

    private static JsonDocument FirstWithCases(Func<JsonElement, bool> wantTensor)
    {
        foreach (string f in GoldenData.Files("nn"))
        {
            var doc = GoldenData.Load(f);
            if (doc.RootElement.TryGetProperty("cases", out _) && Outputs(doc).Any(o => wantTensor(o.Tensor))) return doc;
            doc.Dispose();
        }
        throw new XunitException("No golden file with a suitable output.");
    }

    [Fact]
    public void ExpectedValuesPassAndOnePerturbedValueFails()
    {
        using var doc = FirstWithCases(t => !GoldenTensor.IsSummary(t));
        var (c, name, tensor) = Outputs(doc).First(o => !GoldenTensor.IsSummary(o.Tensor));
        var (data, shape) = GoldenTensor.Read(tensor);
        GoldenAssert.Close(name, tensor, data, shape, c.Fp64Diff(name));
        GoldenAssert.Exact(name, tensor, data, shape);

        var bad = (float[])data.Clone();
        int i = bad.Length / 2;
        bad[i] += 1e-3f * Math.Max(1f, Math.Abs(bad[i]));
        Assert.Throws<XunitException>(() => GoldenAssert.Close(name, tensor, bad, shape, c.Fp64Diff(name)));
        Assert.Throws<XunitException>(() => GoldenAssert.Exact(name, tensor, bad, shape));
        Assert.Throws<XunitException>(() => GoldenAssert.Close(name, tensor, data, [.. shape, 1], c.Fp64Diff(name)));
    }

    [Fact]
    public void SummaryChecksSamplesAndSums()
    {
        using var doc = FirstWithCases(GoldenTensor.IsSummary);
        var (c, name, tensor) = Outputs(doc).First(o => GoldenTensor.IsSummary(o.Tensor));
        var s = tensor.GetProperty("summary");
        int[] shape = GoldenTensor.Shape(tensor);
        // A tensor that has the right samples but is zero elsewhere must fail on its sums.
        var partial = new float[GoldenTensor.Count(shape)];
        using (var v = s.GetProperty("sample_data").EnumerateArray().GetEnumerator())
        {
            foreach (var ix in s.GetProperty("sample_index").EnumerateArray())
            {
                v.MoveNext();
                partial[ix.GetInt32()] = (float)v.Current.GetDouble();
            }
        }
        Assert.Throws<XunitException>(() => GoldenAssert.Close(name, tensor, partial, shape, c.Fp64Diff(name)));
    }

    [Fact]
    public void AxisSumsGroupByIndexAlongTheAxis()
    {
        float[] x = [1, 2, 3, 4, 5, -6];
        var (rows, rowsAbs) = GoldenAssert.AxisSums(x, [2, 3], 0);
        var (cols, _) = GoldenAssert.AxisSums(x, [2, 3], 1);
        Assert.Equal([6.0, 3.0], rows);
        Assert.Equal([6.0, 15.0], rowsAbs);
        Assert.Equal([5.0, 7.0, -3.0], cols);
    }

    [Fact]
    public void Hash32V1ReproducesEveryGeneratedHead()
    {
        foreach (string f in GoldenData.Files("nn"))
        {
            using var doc = GoldenData.Load(f);
            if (!doc.RootElement.TryGetProperty("cases", out var cases)) continue;
            foreach (var c in cases.EnumerateArray())
            {
                foreach (string section in new[] { "inputs", "params" })
                {
                    if (!c.TryGetProperty(section, out var sec) || sec.ValueKind != JsonValueKind.Object) continue;
                    foreach (var t in sec.EnumerateObject())
                    {
                        if (!t.Value.TryGetProperty("gen", out _)) continue;
                        GoldenTensor.Read(t.Value); // throws when the head disagrees
                    }
                }
            }
        }
    }
}
