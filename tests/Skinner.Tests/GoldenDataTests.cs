namespace Skinner.Tests;

public class GoldenDataTests
{
    [Theory]
    [InlineData("nn")]
    [InlineData("envs")]
    public void EveryGoldenFileParses(string folder)
    {
        var files = GoldenData.Files(folder);
        Assert.NotEmpty(files);
        foreach (string f in files)
        {
            using var doc = GoldenData.Load(f);
            Assert.True(doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object, $"{f} is not a JSON object");
        }
    }
}
