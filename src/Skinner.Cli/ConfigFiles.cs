using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Skinner.Cli;

/// <summary>
/// YAML hyperparameter files: the tuned settings shipped in configs/ (embedded in the tool) and files a
/// user passes with --config. Values are kept as text and bound to an options record by <see cref="OptionsBinder"/>.
/// </summary>
public static class ConfigFiles
{
    /// <summary>The embedded file configs/<paramref name="name"/>, or null when it does not exist.</summary>
    public static string? Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("configs/" + name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses a YAML mapping at the top level; a malformed file is an error naming it.</summary>
    public static YamlMappingNode Parse(string text, string source)
    {
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            if (yaml.Documents.Count == 0) return new YamlMappingNode();
            return yaml.Documents[0].RootNode as YamlMappingNode
                ?? throw new UsageException($"{source} must hold a mapping of keys to values at the top level.");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new UsageException($"{source} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
    }

    /// <summary>The scalar (or flow-list) entries of a mapping as key → text.</summary>
    public static List<KeyValuePair<string, string>> Scalars(YamlMappingNode map, string source)
    {
        ArgumentNullException.ThrowIfNull(map);
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in map.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            string value = v switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new UsageException($"'{key}' in {source} must be a list of numbers."))) + "]",
                _ => throw new UsageException($"'{key}' in {source} must be a single value or a list; nested mappings are not hyperparameters."),
            };
            list.Add(new(key, value));
        }
        return list;
    }

    /// <summary>The top-level scalar entries of a file such as config.yaml, skipping its nested sections (hyperparams).</summary>
    public static Dictionary<string, string> TopScalars(YamlMappingNode map, string source) =>
        Scalars(new YamlMappingNode(map.Children.Where(c => c.Value is not YamlMappingNode)), source).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>A nested mapping by key, or null.</summary>
    public static YamlMappingNode? Section(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;
}
