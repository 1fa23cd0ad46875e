namespace Skinner.Envs.Classic;

/// <summary>
/// <c>Math.Pow(x, 2.0)</c>, bit for bit, without calling <c>pow</c> on most inputs. The C library's
/// <c>pow</c> is not correctly rounded (glibc documents an error below 0.52 ULP), so it can differ from
/// <c>x * x</c> when the exact square lies near a rounding midpoint; the Gymnasium dynamics square with
/// <c>pow</c>, so the golden trajectories do too. When the exact square lies within 0.45 ULP of the rounded
/// product, any <c>pow</c> within that bound must return the product; otherwise this calls <c>Math.Pow</c>.
/// </summary>
internal static class PowSquare
{
    private const long ExponentMask = 0x7FF0_0000_0000_0000;
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFF;

    // Squares far from both ends of the exponent range, so that the rounding error of the product is exact.
    private const long MinExponentBits = 0x0400_0000_0000_0000; // 2^-959
    private const long MaxExponentBits = 0x7FE0_0000_0000_0000; // 2^1023 (excluded)

    /// <summary><c>Math.Pow(x, 2.0)</c>.</summary>
    public static double Of(double x)
    {
        double p = x * x;
        long bits = BitConverter.DoubleToInt64Bits(p);
        long exponent = bits & ExponentMask;
        // Powers of two have a half-size ULP below them: leave those (rare) cases to Math.Pow.
        if (exponent >= MinExponentBits && exponent < MaxExponentBits && (bits & MantissaMask) != 0)
        {
            // The exact square is p + err (the FMA rounds nothing here); ulp(p) = 2^(e - 52).
            double err = Math.FusedMultiplyAdd(x, x, -p);
            double ulp = BitConverter.Int64BitsToDouble(exponent - (52L << 52));
            if (Math.Abs(err) <= 0.45 * ulp) return p;
        }
        return Math.Pow(x, 2.0);
    }
}
