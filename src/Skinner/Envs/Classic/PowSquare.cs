namespace Skinner.Envs.Classic;

/// <summary>
/// <c>Math.Pow(x, 2.0)</c>, bit for bit, without calling <c>pow</c> on most inputs. The C library's <c>pow</c> is not
/// correctly rounded, so it can differ from <c>x * x</c> when the exact square lies near a rounding midpoint; the
/// Gymnasium dynamics square with <c>pow</c>, so the golden trajectories do too. glibc's <c>pow</c> (Arm's
/// algorithm, glibc 2.28 and later) bounds its error in its source by 0.509 ULP (0.511 without FMA) from its
/// exponential plus |y·ln x|·1.5·2⁻⁶⁸ relative from its logarithm: at most 0.54 ULP, and below 0.514 ULP for
/// results between 2⁻⁶⁴ and 2⁶⁴, where |2·ln x| ≤ 44.4. A result that close to the exact square can only be the
/// rounded product when the exact square lies within 0.48 ULP of it there (within 0.45 ULP elsewhere), since
/// the neighbouring doubles are then 0.52 ULP (0.55) away; otherwise this calls <c>Math.Pow</c>. A square's rounding
/// error is spread evenly over ±0.5 ULP, so about 96% of squares take the shortcut (90% with 0.45 everywhere, when
/// <c>pow</c> still had a tenth of an Acrobot step).
/// </summary>
internal static class PowSquare
{
    private const long ExponentMask = 0x7FF0_0000_0000_0000;
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFF;

    // Squares far from both ends of the exponent range, so that the rounding error of the product is exact.
    private const long MinExponentBits = 0x0400_0000_0000_0000; // 2^-959
    private const long MaxExponentBits = 0x7FE0_0000_0000_0000; // 2^1023 (excluded)

    // Squares from 2^-64 up to 2^64 (excluded), where pow's error stays below 0.514 ULP.
    private const long NearExponentBits = 0x3BF0_0000_0000_0000; // 2^-64
    private const long FarExponentBits = 0x43F0_0000_0000_0000;  // 2^64

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
            double bound = exponent >= NearExponentBits && exponent < FarExponentBits ? 0.48 : 0.45;
            if (Math.Abs(err) <= bound * ulp) return p;
        }
        return Math.Pow(x, 2.0);
    }
}
