using System.Xml.Linq;

namespace Skinner.Cli;

/// <summary>
/// The library's XML documentation (Skinner.xml, built beside Skinner.dll), so that `--help` shows each
/// hyperparameter with the summary written on its property.
/// </summary>
public static class DocComments
{
    private static readonly Lazy<Dictionary<string, string>> s_docs = new(Load);

    /// <summary>The one-paragraph summary of a member id such as <c>P:Skinner.Agents.Dqn.DqnOptions.Gamma</c>, or "".</summary>
    public static string Summary(string memberId) => s_docs.Value.GetValueOrDefault(memberId, "");

    private static Dictionary<string, string> Load()
    {
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        string path = Path.Combine(AppContext.BaseDirectory, "Skinner.xml");
        if (!File.Exists(path)) return docs;
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            string? name = member.Attribute("name")?.Value;
            var summary = member.Element("summary");
            if (name is null || summary is null) continue;
            string text = string.Concat(summary.Nodes().Select(n => n is XElement e ? (e.Attribute("cref")?.Value.Split('.').Last() ?? e.Value) : n.ToString()));
            docs[name] = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
        return docs;
    }
}
