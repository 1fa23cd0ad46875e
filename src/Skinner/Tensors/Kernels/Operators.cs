using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>An elementwise function of one float, in scalar and vector forms (TensorPrimitives style).</summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>
/// A unary operator whose 256-bit form also takes two vectors at once, its statements interleaved: the JIT keeps
/// statement order, and a long chain of dependent operations (an exponential, a division) one vector at a time
/// fills the processor's scheduler before the next vector's chain can start. Same results as two single calls.
/// </summary>
internal interface IPairedUnaryOperator : IUnaryOperator
{
    static abstract (Vector256<float> A, Vector256<float> B) Invoke(Vector256<float> a, Vector256<float> b);
}

/// <summary>An elementwise function of two floats, in scalar and vector forms.</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>x - y.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x - y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x - y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x - y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

/// <summary>x / y.</summary>
internal readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x / y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x / y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x / y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}

/// <summary>max(x, y), NaN-propagating like PyTorch's maximum.</summary>
internal readonly struct MaxOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Max(x, y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Max(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Max(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);
}

/// <summary>min(x, y), NaN-propagating like PyTorch's minimum.</summary>
internal readonly struct MinOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Min(x, y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Min(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Min(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Min(x, y);
}

/// <summary>-x.</summary>
internal readonly struct NegateOperator : IUnaryOperator
{
    public static float Invoke(float x) => -x;
    public static Vector128<float> Invoke(Vector128<float> x) => -x;
    public static Vector256<float> Invoke(Vector256<float> x) => -x;
    public static Vector512<float> Invoke(Vector512<float> x) => -x;
}

/// <summary>x².</summary>
internal readonly struct SquareOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * x;
    public static Vector128<float> Invoke(Vector128<float> x) => x * x;
    public static Vector256<float> Invoke(Vector256<float> x) => x * x;
    public static Vector512<float> Invoke(Vector512<float> x) => x * x;
}
