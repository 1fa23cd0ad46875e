using Skinner.Reporting;

namespace Skinner.Tests.Reporting;

public class Crc32Tests
{
    [Fact]
    public void CheckValuesOfBothPolynomials()
    {
        // The standard check input "123456789" and its published CRCs.
        Assert.Equal(0xCBF43926u, Crc32.Ieee("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32.Castagnoli("123456789"u8));
        Assert.Equal(0xCBF43926u, TestCrc.Ieee("123456789"u8));
        Assert.Equal(0xE3069283u, TestCrc.Castagnoli("123456789"u8));
    }

    [Fact]
    public void TableAndBitwiseImplementationsAgreeAndChainAcrossSpans()
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        Assert.Equal(TestCrc.Ieee(data), Crc32.Ieee(data));
        Assert.Equal(TestCrc.Castagnoli(data), Crc32.Castagnoli(data));
        Assert.Equal(Crc32.Ieee(data), Crc32.Ieee(data.AsSpan(300), Crc32.Ieee(data.AsSpan(0, 300))));
        Assert.Equal(TestCrc.MaskedCastagnoli(data), Crc32.MaskedCastagnoli(data));
    }
}
