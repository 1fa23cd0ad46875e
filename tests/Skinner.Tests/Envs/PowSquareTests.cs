using Skinner.Envs.Classic;

namespace Skinner.Tests.Envs;

public class PowSquareTests
{
    // Math.Pow(x, 2) is the reference: the shortcut must agree with it bit for bit, including the inputs where
    // pow and x * x round differently (about one in a thousand random doubles on glibc).
    [Fact]
    public void Equals_Math_Pow_bit_for_bit_on_random_inputs()
    {
        var random = new Random(7);
        for (int i = 0; i < 2_000_000; i++)
        {
            double x = ((2 * random.NextDouble()) - 1) * Math.Pow(2, random.Next(-40, 41));
            double expected = Math.Pow(x, 2.0);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(PowSquare.Of(x)));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    [InlineData(0.1)]
    [InlineData(1e-200)]
    [InlineData(1e200)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Equals_Math_Pow_on_special_values(double x) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Pow(x, 2.0)), BitConverter.DoubleToInt64Bits(PowSquare.Of(x)));
}
