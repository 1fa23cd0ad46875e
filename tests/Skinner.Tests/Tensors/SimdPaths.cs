using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>Tests that change <see cref="Simd"/> settings run alone, so no other test sees a forced path.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimdPaths
{
    /// <summary>The collection's name.</summary>
    public const string Name = "SIMD paths";

    /// <summary>Every width cap: 512, 256, 128 and scalar.</summary>
    public static readonly int[] Widths = [512, 256, 128, 0];

    /// <summary>Runs <paramref name="body"/> once per width (emulated paths included), restoring the settings after.</summary>
    public static void ForEachWidth(Action<int> body)
    {
        int saved = Simd.MaxWidth;
        bool savedIgnore = Simd.IgnoreHardware;
        try
        {
            Simd.IgnoreHardware = true;
            foreach (int w in Widths)
            {
                Simd.MaxWidth = w;
                body(w);
            }
        }
        finally
        {
            Simd.MaxWidth = saved;
            Simd.IgnoreHardware = savedIgnore;
        }
    }
}
