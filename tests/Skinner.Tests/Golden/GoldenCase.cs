using System.Text.Json;
using Xunit.Sdk;

namespace Skinner.Tests;

/// <summary>
/// One case of an nn golden file, with typed access to its attrs, inputs, params, outputs and grads.
/// Checks use the case's own <c>fp64_max_abs_diff</c> to size tolerances (see <see cref="GoldenAssert"/>).
/// </summary>
public readonly struct GoldenCase(JsonElement element)
{
    /// <summary>The raw case object.</summary>
    public JsonElement Element { get; } = element;

    /// <summary>The case's name (informational).</summary>
    public string Name => Element.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";

    /// <summary>The <c>attrs</c> object.</summary>
    public JsonElement Attrs => Element.GetProperty("attrs");

    /// <summary>The <c>attrs.op</c> string.</summary>
    public string Op => Attrs.GetProperty("op").GetString() ?? throw new InvalidDataException("attrs.op is null");

    /// <summary>True when <paramref name="name"/> is in attrs and not null.</summary>
    public bool HasAttr(string name) => Attrs.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A numeric attribute, or null when absent or null.</summary>
    public double? AttrDouble(string name) => HasAttr(name) ? Attrs.GetProperty(name).GetDouble() : null;

    /// <summary>An integer attribute, or null when absent or null.</summary>
    public int? AttrInt(string name) => HasAttr(name) ? Attrs.GetProperty(name).GetInt32() : null;

    /// <summary>A boolean attribute (false when absent or null).</summary>
    public bool AttrBool(string name) => HasAttr(name) && Attrs.GetProperty(name).GetBoolean();

    /// <summary>A string attribute, or null; a number is returned in its JSON text form.</summary>
    public string? AttrString(string name) => !HasAttr(name) ? null
        : Attrs.GetProperty(name).ValueKind == JsonValueKind.String ? Attrs.GetProperty(name).GetString() : Attrs.GetProperty(name).GetRawText();

    /// <summary>True when <c>inputs</c> has <paramref name="name"/>.</summary>
    public bool HasInput(string name) => Section("inputs").TryGetProperty(name, out _);

    /// <summary>True when <c>params</c> has <paramref name="name"/>.</summary>
    public bool HasParam(string name) => Element.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out _);

    /// <summary>A float input (explicit or generated).</summary>
    public (float[] Data, int[] Shape) Input(string name) => GoldenTensor.Read(Section("inputs").GetProperty(name));

    /// <summary>An integer input (int64 indices or classes).</summary>
    public (int[] Data, int[] Shape) IntInput(string name) => GoldenTensor.ReadInts(Section("inputs").GetProperty(name));

    /// <summary>A parameter's initial value.</summary>
    public (float[] Data, int[] Shape) Param(string name) => GoldenTensor.Read(Section("params").GetProperty(name));

    /// <summary>An expected output tensor object.</summary>
    public JsonElement Output(string name) => Section("outputs").GetProperty(name);

    /// <summary>An expected gradient tensor object (key = input or parameter name).</summary>
    public JsonElement Grad(string name) => Section("grads").GetProperty(name);

    /// <summary>The names of all expected gradients.</summary>
    public IEnumerable<string> GradNames() => Section("grads").EnumerateObject().Select(p => p.Name);

    /// <summary><c>fp64_max_abs_diff[key]</c>, or 0 when absent.</summary>
    public double Fp64Diff(string key) =>
        Element.TryGetProperty("fp64_max_abs_diff", out var d) && d.ValueKind == JsonValueKind.Object
        && d.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    /// <summary>Checks output <paramref name="name"/>; exactly when <paramref name="exact"/>.</summary>
    public void CheckOutput(string name, ReadOnlySpan<float> got, int[] shape, bool exact = false)
    {
        if (exact) GoldenAssert.Exact($"{Name}: {name}", Output(name), got, shape);
        else GoldenAssert.Close($"{Name}: {name}", Output(name), got, shape, Fp64Diff(name));
    }

    /// <summary>Checks an integer output exactly.</summary>
    public void CheckIntOutput(string name, ReadOnlySpan<int> got, int[] shape) =>
        GoldenAssert.Ints($"{Name}: {name}", Output(name), got, shape);

    /// <summary>Checks the gradient of input or parameter <paramref name="name"/>; a null gradient counts as zeros.</summary>
    public void CheckGrad(string name, float[]? got, int[] shape)
    {
        got ??= new float[GoldenTensor.Count(shape)];
        GoldenAssert.Close($"{Name}: grad {name}", Grad(name), got, shape, Fp64Diff("grad_" + name));
    }

    private JsonElement Section(string name) =>
        Element.TryGetProperty(name, out var s) ? s : throw new XunitException($"{Name}: case has no '{name}' section");
}
