using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Skinner.Tensors;

/// <summary>
/// e^x on float vectors in single precision: x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two parts so that
/// n·ln 2 is exact), e^r from a degree-7 polynomial, then 2^n applied as two powers of two built in the exponent
/// bits (two, so that every n from -150 to 128 is representable and results fall gradually into subnormals).
/// Within a few ulp of the correctly rounded result. The runtime's vector Exp widens to double precision, which
/// costs several times more and made tanh networks spend a fifth of their time in it.
/// Below about -104 the result is 0; above 88.72 it is +∞; NaN stays NaN.
/// </summary>
internal static class FloatExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;        // ln 2 to 9 bits: n·Ln2Hi is exact for the n that occur
    private const float Ln2Lo = -2.12194440e-4f;     // ln 2 − Ln2Hi
    private const float MaxArg = 88.7228394f;        // e^x overflows above
    private const float MinArg = -103.972084f;       // e^x rounds to zero below
    private const float RoundingShift = 12582912f;   // 1.5·2^23: adding it rounds a float below 2^22 to an integer

    // Coefficients of (e^r − 1 − r)/r² for |r| ≤ ln 2 / 2, highest power first.
    private const float C5 = 1.9875691500e-4f, C4 = 1.3981999507e-3f, C3 = 8.3334519073e-3f;
    private const float C2 = 4.1665795894e-2f, C1 = 1.6666665459e-1f, C0 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        var xc = Vector128.Min(Vector128.Max(x, Vector128.Create(MinArg)), Vector128.Create(MaxArg));
        var n = Vector128.Round(xc * Log2E);
        var r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Lo), Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Hi), xc));
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(C5), r, Vector128.Create(C4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C1));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C0));
        p = Vector128.FusedMultiplyAdd(p, r * r, r) + Vector128<float>.One;
        var ni = Vector128.ConvertToInt32(n);
        var n1 = Vector128.ShiftRightArithmetic(ni, 1);
        var bias = Vector128.Create(127);
        var scale1 = Vector128.ShiftLeft(n1 + bias, 23).AsSingle();
        var scale2 = Vector128.ShiftLeft(ni - n1 + bias, 23).AsSingle();
        var y = p * scale1 * scale2;
        y = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(MinArg)), Vector128<float>.Zero, y);
        y = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(MaxArg)), Vector128.Create(float.PositiveInfinity), y);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var xc = Vector256.Min(Vector256.Max(x, Vector256.Create(MinArg)), Vector256.Create(MaxArg));
        var n = Vector256.Round(xc * Log2E);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), xc));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C5), r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C0));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var ni = Vector256.ConvertToInt32(n);
        var n1 = Vector256.ShiftRightArithmetic(ni, 1);
        var bias = Vector256.Create(127);
        var scale1 = Vector256.ShiftLeft(n1 + bias, 23).AsSingle();
        var scale2 = Vector256.ShiftLeft(ni - n1 + bias, 23).AsSingle();
        var y = p * scale1 * scale2;
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(MinArg)), Vector256<float>.Zero, y);
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(MaxArg)), Vector256.Create(float.PositiveInfinity), y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var xc = Vector512.Min(Vector512.Max(x, Vector512.Create(MinArg)), Vector512.Create(MaxArg));
        var n = Vector512.Round(xc * Log2E);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), xc));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C5), r, Vector512.Create(C4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C0));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var ni = Vector512.ConvertToInt32(n);
        var n1 = Vector512.ShiftRightArithmetic(ni, 1);
        var bias = Vector512.Create(127);
        var scale1 = Vector512.ShiftLeft(n1 + bias, 23).AsSingle();
        var scale2 = Vector512.ShiftLeft(ni - n1 + bias, 23).AsSingle();
        var y = p * scale1 * scale2;
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(MinArg)), Vector512<float>.Zero, y);
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(MaxArg)), Vector512.Create(float.PositiveInfinity), y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    /// <summary>
    /// <see cref="Exp(Vector128{float})"/> for x in [-87, 87] only (tanh asks for e^x on [-20, 0]), with the same
    /// results bit for bit at about half the cost: no clamping or special cases, n from the rounding shift's
    /// addition (the same round-half-even of the same rounded product as <c>Round</c>) and 2^n as one power of two,
    /// which is exact where the two-step scaling is exact too. NaN stays NaN; outside the range the result is wrong.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ExpBounded(Vector128<float> x)
    {
        var t = x * Vector128.Create(Log2E) + Vector128.Create(RoundingShift);
        var n = t - Vector128.Create(RoundingShift);
        var r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Lo), Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Hi), x));
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(C5), r, Vector128.Create(C4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C1));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C0));
        p = Vector128.FusedMultiplyAdd(p, r * r, r) + Vector128<float>.One;
        var ni = t.AsInt32() - Vector128.Create(RoundingShift).AsInt32();
        return p * Vector128.ShiftLeft(ni + Vector128.Create(127), 23).AsSingle();
    }

    /// <summary>The <see cref="Vector256"/>-wide form of <see cref="ExpBounded(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExpBounded(Vector256<float> x)
    {
        var t = x * Vector256.Create(Log2E) + Vector256.Create(RoundingShift);
        var n = t - Vector256.Create(RoundingShift);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C5), r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C0));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var ni = t.AsInt32() - Vector256.Create(RoundingShift).AsInt32();
        return p * Vector256.ShiftLeft(ni + Vector256.Create(127), 23).AsSingle();
    }

    /// <summary>The <see cref="Vector512"/>-wide form of <see cref="ExpBounded(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpBounded(Vector512<float> x)
    {
        var t = x * Vector512.Create(Log2E) + Vector512.Create(RoundingShift);
        var n = t - Vector512.Create(RoundingShift);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C5), r, Vector512.Create(C4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C0));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var ni = t.AsInt32() - Vector512.Create(RoundingShift).AsInt32();
        return p * Vector512.ShiftLeft(ni + Vector512.Create(127), 23).AsSingle();
    }

    /// <summary>
    /// <see cref="ExpBounded(Vector256{float})"/> of two vectors, statement by statement side by side so that the
    /// processor works on both chains at once: the same results as two calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> A, Vector256<float> B) ExpBounded(Vector256<float> a, Vector256<float> b)
    {
        var ta = a * Vector256.Create(Log2E) + Vector256.Create(RoundingShift);
        var tb = b * Vector256.Create(Log2E) + Vector256.Create(RoundingShift);
        var na = ta - Vector256.Create(RoundingShift);
        var nb = tb - Vector256.Create(RoundingShift);
        var ra = Vector256.FusedMultiplyAdd(na, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(na, Vector256.Create(-Ln2Hi), a));
        var rb = Vector256.FusedMultiplyAdd(nb, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(nb, Vector256.Create(-Ln2Hi), b));
        var pa = Vector256.FusedMultiplyAdd(Vector256.Create(C5), ra, Vector256.Create(C4));
        var pb = Vector256.FusedMultiplyAdd(Vector256.Create(C5), rb, Vector256.Create(C4));
        pa = Vector256.FusedMultiplyAdd(pa, ra, Vector256.Create(C3));
        pb = Vector256.FusedMultiplyAdd(pb, rb, Vector256.Create(C3));
        pa = Vector256.FusedMultiplyAdd(pa, ra, Vector256.Create(C2));
        pb = Vector256.FusedMultiplyAdd(pb, rb, Vector256.Create(C2));
        pa = Vector256.FusedMultiplyAdd(pa, ra, Vector256.Create(C1));
        pb = Vector256.FusedMultiplyAdd(pb, rb, Vector256.Create(C1));
        pa = Vector256.FusedMultiplyAdd(pa, ra, Vector256.Create(C0));
        pb = Vector256.FusedMultiplyAdd(pb, rb, Vector256.Create(C0));
        pa = Vector256.FusedMultiplyAdd(pa, ra * ra, ra) + Vector256<float>.One;
        pb = Vector256.FusedMultiplyAdd(pb, rb * rb, rb) + Vector256<float>.One;
        var ea = pa * Vector256.ShiftLeft(ta.AsInt32() - Vector256.Create(RoundingShift).AsInt32() + Vector256.Create(127), 23).AsSingle();
        var eb = pb * Vector256.ShiftLeft(tb.AsInt32() - Vector256.Create(RoundingShift).AsInt32() + Vector256.Create(127), 23).AsSingle();
        return (ea, eb);
    }
}
