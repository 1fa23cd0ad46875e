using System.Text.Json;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Runs one golden case through the engine: every float input (except <c>upstream</c>) and every param
/// becomes a leaf tensor that requires grad; <see cref="Check"/> compares the forward output, back-propagates
/// <c>upstream</c> (L = sum(out · upstream)) and compares every gradient the case lists.
/// </summary>
public sealed class GoldenRun
{
    private readonly Dictionary<string, Tensor> _leaves = new(StringComparer.Ordinal);

    /// <summary>The case.</summary>
    public GoldenCase Case { get; }

    /// <summary>Prepares the leaves of <paramref name="element"/>.</summary>
    public GoldenRun(JsonElement element)
    {
        Case = new GoldenCase(element);
        AddLeaves(element, "inputs");
        AddLeaves(element, "params");
    }

    /// <summary>The leaf tensor for a float input or param.</summary>
    public Tensor this[string name] => _leaves.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"{Case.Name}: no float input or param '{name}'.");

    /// <summary>True when the case has a float input or param called <paramref name="name"/>.</summary>
    public bool Has(string name) => _leaves.ContainsKey(name);

    /// <summary>An integer input as an <see cref="IntTensor"/>.</summary>
    public IntTensor Ints(string name)
    {
        var (data, shape) = Case.IntInput(name);
        return new IntTensor(data, shape);
    }

    /// <summary>
    /// Checks <paramref name="output"/> against <c>outputs.out</c> (bit for bit when <paramref name="exactForward"/>),
    /// then back-propagates <c>upstream</c> and checks every gradient in <c>grads</c> (a leaf that received none counts as zeros).
    /// </summary>
    public void Check(Tensor output, bool exactForward = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        Case.CheckOutput("out", output.Data, output.Shape, exactForward);
        if (!Case.Element.TryGetProperty("grads", out var grads) || !grads.EnumerateObject().Any()) return;
        var (up, upShape) = Case.Input("upstream");
        output.Backward(new Tensor(up, upShape));
        foreach (string name in Case.GradNames())
        {
            var leaf = this[name];
            Case.CheckGrad(name, leaf.Grad?.Data, leaf.Shape);
        }
    }

    private void AddLeaves(JsonElement element, string section)
    {
        if (!element.TryGetProperty(section, out var s) || s.ValueKind != JsonValueKind.Object) return;
        foreach (var p in s.EnumerateObject())
        {
            if (p.Name == "upstream" || p.Value.TryGetProperty("dtype", out var dt) && dt.GetString() == "int64") continue;
            var (data, shape) = GoldenTensor.Read(p.Value);
            _leaves[p.Name] = new Tensor(data, shape) { RequiresGrad = true };
        }
    }
}
