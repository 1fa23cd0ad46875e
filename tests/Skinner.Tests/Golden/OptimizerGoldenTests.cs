namespace Skinner.Tests;

/// <summary>Runs every case of the optimizer golden files through the check registered for its op.</summary>
public class OptimizerGoldenTests
{
    [Fact]
    public void EveryOptimizerCaseMatchesPyTorch()
    {
        int checkedCases = 0;
        foreach (string file in GoldenData.Files("nn"))
        {
            using var doc = GoldenData.Load(file);
            if (!doc.RootElement.TryGetProperty("kind", out var kind) || kind.GetString() != "optimizers") continue;
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                string op = c.GetProperty("attrs").GetProperty("op").GetString()!;
                var check = NnGoldenOps.Find(op) ?? throw new Xunit.Sdk.XunitException($"No check registered for op '{op}'.");
                check(c);
                checkedCases++;
            }
        }
        Assert.True(checkedCases > 0, "No optimizer golden cases were found.");
    }
}
