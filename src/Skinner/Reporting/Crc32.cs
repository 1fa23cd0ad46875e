namespace Skinner.Reporting;

/// <summary>
/// CRC-32 (polynomial 0xEDB88320 reflected, the one PNG and zlib use) and CRC-32C (Castagnoli, 0x82F63B78
/// reflected, the one TFRecord uses), table-driven. Both start from all ones and end inverted.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] s_ieee = Table(0xEDB88320u);
    private static readonly uint[] s_castagnoli = Table(0x82F63B78u);

    /// <summary>CRC-32 of <paramref name="data"/>, continuing from <paramref name="crc"/> (0 to start).</summary>
    public static uint Ieee(ReadOnlySpan<byte> data, uint crc = 0) => Run(s_ieee, data, crc);

    /// <summary>CRC-32C of <paramref name="data"/>, continuing from <paramref name="crc"/> (0 to start).</summary>
    public static uint Castagnoli(ReadOnlySpan<byte> data, uint crc = 0) => Run(s_castagnoli, data, crc);

    /// <summary>TFRecord's masked CRC-32C: rotating and adding a constant keeps a CRC of data that itself holds
    /// CRCs from being trivially zero.</summary>
    public static uint MaskedCastagnoli(ReadOnlySpan<byte> data)
    {
        uint crc = Castagnoli(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }

    private static uint Run(uint[] table, ReadOnlySpan<byte> data, uint crc)
    {
        crc = ~crc;
        foreach (byte b in data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] Table(uint polynomial)
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
