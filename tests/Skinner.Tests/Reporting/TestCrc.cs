namespace Skinner.Tests.Reporting;

/// <summary>Bit-at-a-time CRCs, written apart from the library's table-driven ones so that the decoders check
/// the encoders against an independent implementation.</summary>
internal static class TestCrc
{
    public static uint Ieee(ReadOnlySpan<byte> data) => Bitwise(data, 0xEDB88320u);

    public static uint Castagnoli(ReadOnlySpan<byte> data) => Bitwise(data, 0x82F63B78u);

    public static uint MaskedCastagnoli(ReadOnlySpan<byte> data)
    {
        uint crc = Castagnoli(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }

    private static uint Bitwise(ReadOnlySpan<byte> data, uint polynomial)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (polynomial & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
