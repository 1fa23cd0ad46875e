namespace Skinner.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Inverted dropout: each element is zeroed with probability <paramref name="p"/> (one draw of
    /// <paramref name="rng"/> per element, in row-major order) and the survivors are scaled by 1/(1 - p), so the
    /// expected value is unchanged and evaluation needs no rescaling. The gradient goes through the same mask.
    /// p = 1 gives zeros. The same generator state always gives the same mask.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: the drop probability must be in [0, 1].");
        // The mask holds the factor of each element (0 or 1/(1 - p)), shared by forward and backward.
        var mask = new float[x.Numel];
        float keep = p < 1f ? 1f / (1f - p) : 0f;
        Span<double> draws = stackalloc double[256];
        for (int start = 0; start < mask.Length; start += draws.Length)
        {
            var chunk = draws[..Math.Min(draws.Length, mask.Length - start)];
            rng.NextDoubles(chunk);
            for (int i = 0; i < chunk.Length; i++) mask[start + i] = chunk[i] < p ? 0f : keep;
        }
        var output = Empty(x.Shape, x.Numel);
        Elementwise.Binary<MultiplyOperator>(x.Data, mask, output.Data);
        return Autograd.Records(x) ? Record(output, new DropoutNode(x, mask)) : output;
    }

    private sealed class DropoutNode(Tensor x, float[] mask) : Node(x)
    {
        internal override void Backward(Tensor grad) => Elementwise.BinaryAccumulate<MultiplyOperator>(grad.Data, mask, A!.GradData());
    }
}
