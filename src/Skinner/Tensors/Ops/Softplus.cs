using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// ln(1 + e^t) without overflow or cancellation: max(t, 0) + log1p(e^-|t|), where log1p(z) is taken as
/// ln(u)·z/(u - 1) with u = 1 + z (exact to a few ulps, and z itself when u rounds to 1).
/// </summary>
internal readonly struct SoftplusOperator : IUnaryOperator
{
    public static float Invoke(float t)
    {
        float z = MathF.Exp(-MathF.Abs(t));
        float u = 1f + z;
        float log1p = u == 1f ? z : MathF.Log(u) * z / (u - 1f);
        return MathF.Max(t, 0f) + log1p;
    }

    public static Vector128<float> Invoke(Vector128<float> t)
    {
        var z = FloatExp.Exp(-Vector128.Abs(t));
        var u = Vector128<float>.One + z;
        var log1p = Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<float>.One), z, Vector128.Log(u) * z / (u - Vector128<float>.One));
        return Vector128.Max(t, Vector128<float>.Zero) + log1p;
    }

    public static Vector256<float> Invoke(Vector256<float> t)
    {
        var z = FloatExp.Exp(-Vector256.Abs(t));
        var u = Vector256<float>.One + z;
        var log1p = Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<float>.One), z, Vector256.Log(u) * z / (u - Vector256<float>.One));
        return Vector256.Max(t, Vector256<float>.Zero) + log1p;
    }

    public static Vector512<float> Invoke(Vector512<float> t)
    {
        var z = FloatExp.Exp(-Vector512.Abs(t));
        var u = Vector512<float>.One + z;
        var log1p = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<float>.One), z, Vector512.Log(u) * z / (u - Vector512<float>.One));
        return Vector512.Max(t, Vector512<float>.Zero) + log1p;
    }
}

public sealed partial class Tensor
{
    /// <summary>
    /// PyTorch's softplus: ln(1 + e^(beta·x))/beta, or x itself where beta·x &gt; threshold (strictly).
    /// Gradient σ(beta·x), or 1 above the threshold.
    /// </summary>
    public Tensor Softplus(float beta = 1f, float threshold = 20f)
    {
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Softplus needs beta > 0.");
        var output = Empty(Shape, Numel);
        var t = Scaled(beta);
        Elementwise.Unary<SoftplusOperator>(t, output.Data);
        if (beta != 1f) Elementwise.Binary<DivideOperator>(output.Data, beta, output.Data);
        var o = output.Data;
        for (int i = 0; i < o.Length; i++)
        {
            if (t[i] > threshold) o[i] = Data[i];
        }
        return Autograd.Records(this) ? Record(output, new SoftplusNode(this, beta, threshold)) : output;
    }

    // beta·x as a new array (or the data itself when beta is 1: callers only read it).
    private float[] Scaled(float beta)
    {
        if (beta == 1f) return Data;
        var t = new float[Numel];
        Elementwise.Binary<MultiplyOperator>(Data, beta, t);
        return t;
    }

    private sealed class SoftplusNode(Tensor x, float beta, float threshold) : Node(x)
    {
        internal override void Backward(Tensor grad)
        {
            var t = A!.Scaled(beta);
            var s = new float[t.Length];
            Elementwise.Unary<SigmoidOperator>(t, s);
            for (int i = 0; i < s.Length; i++)
            {
                if (t[i] > threshold) s[i] = 1f;
            }
            BackInto<MultiplyOperator>(grad.Data, s, A!);
        }
    }
}
