using System.Buffers.Binary;
using System.Globalization;

namespace InfraDedup.Ops.Maintain;

/// <summary>
/// Checks a Redis RDB file without loading it: the <c>REDIS</c> magic and 4-digit version, the closing
/// EOF opcode (0xFF), and from version 5 on the trailing CRC-64 (Jones polynomial, reflected, as Redis
/// computes it) over everything before it. A zero checksum means the server had checksums turned off.
/// </summary>
public static class RdbFile
{
    private const ulong JonesPolynomialReflected = 0x95AC9329AC4BC9B5UL;

    private static readonly ulong[] Table = BuildTable();

    public sealed record Result(bool Ok, int Version, string Detail);

    public static Result Check(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 5).SequenceEqual("REDIS"u8))
        {
            return new Result(false, 0, "not an RDB file: it does not start with 'REDIS'");
        }

        if (!int.TryParse(System.Text.Encoding.ASCII.GetString(bytes, 5, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return new Result(false, 0, "the RDB version after 'REDIS' is not 4 digits");
        }

        if (version < 5)
        {
            return bytes[^1] == 0xFF
                ? new Result(true, version, $"RDB version {version} (no checksum before version 5)")
                : new Result(false, version, "the file does not end with the EOF opcode: truncated");
        }

        if (bytes[^9] != 0xFF)
        {
            return new Result(false, version, "no EOF opcode before the checksum: truncated or corrupt");
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (stored == 0)
        {
            return new Result(true, version, $"RDB version {version}, checksum disabled on the server");
        }

        var actual = Crc64(bytes.AsSpan(0, bytes.Length - 8));
        return actual == stored
            ? new Result(true, version, $"RDB version {version}, CRC-64 ok")
            : new Result(false, version, $"CRC-64 mismatch (stored {stored:x16}, computed {actual:x16}): the file is corrupt");
    }

    /// <summary>Redis's CRC-64 (Jones, reflected, initial value 0, no final xor). Check value of "123456789": e9c6d914c4b8d9ca.</summary>
    public static ulong Crc64(ReadOnlySpan<byte> data)
    {
        var crc = 0UL;
        foreach (var b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ JonesPolynomialReflected : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
