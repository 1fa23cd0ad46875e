namespace Skinner.Tensors;

/// <summary>Formats shapes for error messages: <c>[2, 3]</c>.</summary>
internal static class ShapeText
{
    public static string Of(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }
}
