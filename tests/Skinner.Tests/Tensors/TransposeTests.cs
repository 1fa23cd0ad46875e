using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>The transpose kernel (8×8 register blocks and scalar edges) against the definition, on every SIMD cap.</summary>
[Collection(SimdPaths.Name)]
public class TransposeTests
{
    [Fact]
    public void EveryShapeAndWidthGivesTheDefinition()
    {
        int[] sizes = [0, 1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 774];
        SimdPaths.ForEachWidth(width =>
        {
            foreach (int rows in sizes)
            {
                foreach (int cols in sizes)
                {
                    if ((long)rows * cols > 20_000) continue;
                    var src = new float[rows * cols];
                    for (int i = 0; i < src.Length; i++) src[i] = i + 0.5f;
                    var dst = new float[rows * cols];
                    Transpose.Run(src, rows, cols, dst);
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < cols; c++)
                            Assert.True(dst[c * rows + r] == src[r * cols + c], $"width {width}, {rows}x{cols}: element ({r}, {c})");
                }
            }
        });
    }
}
