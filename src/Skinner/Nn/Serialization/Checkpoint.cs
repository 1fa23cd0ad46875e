using System.Globalization;
using Skinner.Nn.Optimizers;
using Skinner.Tensors;

namespace Skinner.Nn.Serialization;

/// <summary>
/// Saves and restores modules and optimizers as one safetensors file, written atomically.
/// <para>
/// Layout: each module's state dict under its tensor names (prefixed with <c>{module name}.</c> when
/// modules are named), each optimizer's state buffers under <c>optimizer.{index}.{buffer}</c> (or
/// <c>optimizer.{name}.{index}.{buffer}</c>), and in the metadata <c>skinner.format</c> plus, per optimizer,
/// <c>skinner.optimizer[.{name}].kind</c>, <c>.lr</c> and <c>.steps</c> (comma-separated step counts).
/// The module tensors can be read by any safetensors reader, e.g. PyTorch's <c>load_file</c>.
/// </para>
/// <para>
/// Loading validates everything (the file format, every expected tensor present with the right shape,
/// no unexpected tensor, optimizer state that fits) before copying anything, so a failed load leaves the
/// modules and optimizers exactly as they were.
/// </para>
/// </summary>
public static class Checkpoint
{
    /// <summary>The value of the <c>skinner.format</c> metadata key.</summary>
    public const string Format = "skinner-checkpoint-v1";

    private const string Reserved = "skinner.";
    private const string OptimizerPrefix = "optimizer.";

    /// <summary>Saves <paramref name="module"/> and, if given, <paramref name="optimizer"/>'s state, with extra string <paramref name="metadata"/>.</summary>
    public static void Save(string path, Module module, Optimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, [("", module)], optimizer is null ? [] : [("", optimizer)], metadata);

    /// <summary>
    /// Saves several named modules (tensor names prefixed with <c>{name}.</c>) and named optimizers in one
    /// file. A name may be empty only when it is the only module (or optimizer). Metadata keys starting with
    /// <c>skinner.</c> are reserved.
    /// </summary>
    public static void Save(string path, IReadOnlyList<(string Name, Module Module)> modules, IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(optimizers);
        CheckNames(modules.Select(m => m.Name).ToList(), nameof(modules));
        CheckNames(optimizers.Select(o => o.Name).ToList(), nameof(optimizers));
        if (modules.Any(m => m.Name == "optimizer"))
            throw new ArgumentException("'optimizer' is reserved for optimizer state; give the module another name.", nameof(modules));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (k, v) in metadata)
            {
                if (k.StartsWith(Reserved, StringComparison.Ordinal))
                    throw new ArgumentException($"Metadata key '{k}' starts with '{Reserved}', which is reserved for the checkpoint's own entries; choose another key.", nameof(metadata));
                meta[k] = v;
            }
        }
        meta[Reserved + "format"] = Format;
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, module) in modules)
        {
            ArgumentNullException.ThrowIfNull(module, nameof(modules));
            foreach (var (tname, t) in module.StateDict()) tensors.Add((ModulePrefix(name) + tname, t));
        }
        foreach (var (name, optimizer) in optimizers)
        {
            ArgumentNullException.ThrowIfNull(optimizer, nameof(optimizers));
            var state = optimizer.ExportState();
            foreach (var (key, t) in state.Tensors) tensors.Add((OptimizerTensorPrefix(name) + key, t));
            string m = OptimizerMetaPrefix(name);
            meta[m + "kind"] = state.Kind;
            meta[m + "lr"] = state.LearningRate.ToString("R", CultureInfo.InvariantCulture);
            meta[m + "steps"] = string.Join(",", state.Steps.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        }
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Restores <paramref name="module"/> and, if given, <paramref name="optimizer"/> from a file written by
    /// <see cref="Save(string, Module, Optimizer?, IReadOnlyDictionary{string, string}?)"/>. Optimizer state in
    /// the file is ignored when no optimizer is passed (loading weights for evaluation). Tensors the module
    /// does not have are an error unless <paramref name="allowUnexpected"/>. Returns the file's metadata.
    /// Throws <see cref="InvalidDataException"/> (nothing is changed) when anything does not fit.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string path, Module module, Optimizer? optimizer = null, bool allowUnexpected = false) =>
        Load(path, [("", module)], optimizer is null ? [] : [("", optimizer)], allowUnexpected);

    /// <summary>Restores named modules and optimizers saved by <see cref="Save(string, IReadOnlyList{ValueTuple{string, Module}}, IReadOnlyList{ValueTuple{string, Optimizer}}, IReadOnlyDictionary{string, string}?)"/>; see the single-module overload.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path, IReadOnlyList<(string Name, Module Module)> modules, IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, bool allowUnexpected = false)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(optimizers);
        CheckNames(modules.Select(m => m.Name).ToList(), nameof(modules));
        CheckNames(optimizers.Select(o => o.Name).ToList(), nameof(optimizers));
        if (modules.Any(m => m.Name == "optimizer"))
            throw new ArgumentException("'optimizer' is reserved for optimizer state; give the module another name.", nameof(modules));
        var file = SafeTensors.Load(path);
        var copies = MatchModules(path, file, modules, allowUnexpected);
        var states = new List<(Optimizer, OptimizerState)>();
        foreach (var (name, optimizer) in optimizers)
        {
            ArgumentNullException.ThrowIfNull(optimizer, nameof(optimizers));
            var state = ReadOptimizerState(path, file, name);
            try
            {
                optimizer.ValidateState(state);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Checkpoint '{path}': optimizer{Label(name)} state does not fit: {e.Message}", e);
            }
            states.Add((optimizer, state));
        }
        // Everything is valid: from here on nothing can fail halfway.
        foreach (var (from, to) in copies) from.Data.AsSpan().CopyTo(to.Data);
        foreach (var (optimizer, state) in states) optimizer.ImportState(state);
        return file.Metadata;
    }

    private static List<(Tensor From, Tensor To)> MatchModules(string path, SafeTensorsFile file, IReadOnlyList<(string Name, Module Module)> modules, bool allowUnexpected)
    {
        var copies = new List<(Tensor, Tensor)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, module) in modules)
        {
            ArgumentNullException.ThrowIfNull(module, nameof(modules));
            foreach (var (tname, t) in module.StateDict())
            {
                string key = ModulePrefix(name) + tname;
                used.Add(key);
                if (!file.Tensors.TryGetValue(key, out var saved)) problems.Add($"missing tensor '{key}' (shape {Optimizer.ShapeText(t.Shape)})");
                else if (!saved.Shape.AsSpan().SequenceEqual(t.Shape)) problems.Add($"tensor '{key}' has shape {Optimizer.ShapeText(saved.Shape)} in the file but {Optimizer.ShapeText(t.Shape)} in the module");
                else copies.Add((saved, t));
            }
        }
        if (!allowUnexpected)
        {
            foreach (string key in file.Tensors.Keys)
            {
                if (!used.Contains(key) && !key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                    problems.Add($"unexpected tensor '{key}' that the module does not have");
            }
        }
        if (problems.Count > 0)
        {
            string list = string.Join("; ", problems.Take(8)) + (problems.Count > 8 ? $"; and {problems.Count - 8} more" : "");
            throw new InvalidDataException($"Checkpoint '{path}' does not fit the module: {list}. Build the module with the same architecture (sizes, layers) as the one that was saved{(allowUnexpected ? "" : ", or pass allowUnexpected: true to ignore extra tensors")}. Nothing was loaded.");
        }
        return copies;
    }

    private static OptimizerState ReadOptimizerState(string path, SafeTensorsFile file, string name)
    {
        string m = OptimizerMetaPrefix(name);
        if (!file.Metadata.TryGetValue(m + "kind", out string? kind))
            throw new InvalidDataException($"Checkpoint '{path}' holds no state for optimizer{Label(name)} (no '{m}kind' metadata); load it without that optimizer to restore the weights only.");
        if (!file.Metadata.TryGetValue(m + "lr", out string? lrText) || !double.TryParse(lrText, NumberStyles.Float, CultureInfo.InvariantCulture, out double lr))
            throw new InvalidDataException($"Checkpoint '{path}': metadata '{m}lr' is missing or not a number. The file is corrupt.");
        var steps = new List<long>();
        if (!file.Metadata.TryGetValue(m + "steps", out string? stepsText))
            throw new InvalidDataException($"Checkpoint '{path}': metadata '{m}steps' is missing. The file is corrupt.");
        foreach (string part in stepsText.Split(',', StringSplitOptions.None))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long s))
                throw new InvalidDataException($"Checkpoint '{path}': metadata '{m}steps' = '{stepsText}' is not a comma-separated list of step counts. The file is corrupt.");
            steps.Add(s);
        }
        string prefix = OptimizerTensorPrefix(name);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, t) in file.Tensors)
        {
            // With the unnamed optimizer, keys of named ones ("optimizer.actor.0.exp_avg") never parse as state.
            if (key.StartsWith(prefix, StringComparison.Ordinal) && (name.Length > 0 || char.IsAsciiDigit(key[prefix.Length..].FirstOrDefault())))
                tensors.Add(key[prefix.Length..], t);
        }
        return new OptimizerState(kind, lr, steps, tensors);
    }

    private static void CheckNames(List<string> names, string argument)
    {
        if (names.Count > 1 && names.Any(string.IsNullOrEmpty))
            throw new ArgumentException("When several are given, every one needs a non-empty name.", argument);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ArgumentException($"Names must be unique; got [{string.Join(", ", names)}].", argument);
        foreach (string n in names)
        {
            if (n.Length > 0 && (n.Contains('.', StringComparison.Ordinal) || !char.IsAsciiLetter(n[0])))
                throw new ArgumentException($"Name '{n}' must start with a letter and contain no '.'.", argument);
        }
    }

    private static string ModulePrefix(string name) => name.Length == 0 ? "" : name + ".";

    private static string OptimizerTensorPrefix(string name) => name.Length == 0 ? OptimizerPrefix : OptimizerPrefix + name + ".";

    private static string OptimizerMetaPrefix(string name) => Reserved + OptimizerTensorPrefix(name);

    private static string Label(string name) => name.Length == 0 ? "" : $" '{name}'";
}
