using System.Runtime.InteropServices;

namespace InfraDedup.Core.Inventory;

/// <summary>
/// Tells a regular file from a FIFO, socket or device. .NET reports all of them as plain files, and
/// opening a FIFO blocks forever, so the walker asks the kernel (Linux <c>statx</c>, whose struct layout
/// is the same on every architecture) for entries that look like empty files.
/// </summary>
internal static partial class UnixFileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int ModeOffset = 28;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;

    /// <summary>
    /// A description of a non-regular file ("FIFO", "socket", …) or null for a regular file (and on
    /// platforms where the check is not available).
    /// </summary>
    public static string? DescribeIfSpecial(string fullPath) => Describe(fullPath, followLinks: false);

    /// <summary>As <see cref="DescribeIfSpecial"/>, but describes what a symbolic link points to (for paths given by the user).</summary>
    public static string? DescribeTargetIfSpecial(string fullPath) => Describe(fullPath, followLinks: true);

    private static string? Describe(string fullPath, bool followLinks)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        try
        {
            unsafe
            {
                fixed (byte* p = buffer)
                {
                    if (Statx(AtFdCwd, fullPath, followLinks ? 0 : AtSymlinkNoFollow, StatxType, p) != 0)
                    {
                        return null;
                    }
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer[ModeOffset..]);
        return (mode & FileTypeMask) switch
        {
            RegularFile => null,
            0x1000 => "FIFO (named pipe)",
            0xC000 => "socket",
            0x2000 => "character device",
            0x6000 => "block device",
            _ => "not a regular file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
