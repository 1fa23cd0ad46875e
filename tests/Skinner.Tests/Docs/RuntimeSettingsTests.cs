using System.Text.Json;

namespace Skinner.Tests.Docs;

/// <summary>
/// The README promises that the tool and the example programs, which train, run with the runtime settings it names
/// (their runtimeconfig.template.json files): arrays up to 4 MB kept out of the large-object heap, methods
/// compiled optimized at their first call, hot methods recompiled without delay. The built programs'
/// runtimeconfig.json files, copied beside the tests, must carry them.
/// </summary>
public class RuntimeSettingsTests
{
    public static TheoryData<string> Programs => new() { "Skinner.Cli", "Quickstart", "CustomEnv" };

    [Theory]
    [MemberData(nameof(Programs))]
    public void TheProgramRunsWithTheSettingsTheReadmeNames(string program)
    {
        string path = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(4194304, properties.GetProperty("System.GC.LOHThreshold").GetInt32());
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());

        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "README.md"));
        foreach (string name in new[] { "System.GC.LOHThreshold", "System.Runtime.TieredCompilation.QuickJit", "System.Runtime.TieredCompilation.CallCountingDelayMs" })
            Assert.Contains(name, readme, StringComparison.Ordinal);
    }
}
