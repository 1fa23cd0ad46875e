using System.Globalization;

namespace Skinner.Reporting.Plots;

/// <summary>Axis ticks at round numbers: steps of 1, 2 or 5 times a power of ten, the axis widened to whole steps.</summary>
public sealed record NiceTicks(double Min, double Max, double Step)
{
    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Values
    {
        get
        {
            int n = (int)Math.Round((Max - Min) / Step);
            // Snap the tick that should be zero: 0.1 + 2 * -0.05 is not exactly 0 in binary.
            return [.. Enumerable.Range(0, n + 1).Select(i => Min + i * Step is var v && Math.Abs(v) < Step * 1e-9 ? 0 : v)];
        }
    }

    /// <summary>Ticks covering [<paramref name="min"/>, <paramref name="max"/>] with about
    /// <paramref name="target"/> intervals.</summary>
    public static NiceTicks For(double min, double max, int target = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"Axis range [{min}, {max}] must be finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        if (min > max) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            // A flat series still needs an axis: one unit (or a tenth of the value) either side.
            double pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / target;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        double lo = Math.Floor(min / step + 1e-9) * step;
        double hi = Math.Ceiling(max / step - 1e-9) * step;
        return new NiceTicks(lo, hi, step);
    }

    /// <summary>A tick label: as many decimals as the step needs, and <c>k</c>/<c>M</c> for large round numbers
    /// (<c>250k</c> reads better than <c>250000</c> on a steps axis).</summary>
    public string Format(double value)
    {
        if (value == 0) return "0";
        double largest = Math.Max(Math.Abs(Min), Math.Abs(Max));
        string suffix = "";
        double scale = 1;
        if (largest >= 1e6 && Step >= 1e5) (suffix, scale) = ("M", 1e6);
        else if (largest >= 1e4 && Step >= 100) (suffix, scale) = ("k", 1e3);
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(Step / scale) + 1e-9), 0, 10);
        string text = (value / scale).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (text.TrimStart('-').All(c => c is '0' or '.')) text = text.TrimStart('-');   // no "-0"
        return text + suffix;
    }
}
