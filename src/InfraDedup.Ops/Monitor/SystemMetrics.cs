using System.Globalization;

namespace InfraDedup.Ops.Monitor;

/// <summary>CPU, memory, disk and load, read from /proc and the file system.</summary>
public sealed record SystemSample(double? CpuPercent, double? MemoryPercent, double? DiskPercent, double? Load1, long MemoryTotalBytes, long DiskTotalBytes);

/// <summary>Reads system metrics from a /proc tree (a different root in tests).</summary>
public sealed class SystemMetrics(string procRoot = "/proc", string diskPath = "/")
{
    public async Task<SystemSample> SampleAsync(TimeSpan cpuWindow, CancellationToken cancellationToken = default)
    {
        var first = ReadCpu();
        await Task.Delay(cpuWindow, cancellationToken);
        var second = ReadCpu();
        double? cpu = null;
        if (first is { } a && second is { } b && b.Total > a.Total)
        {
            cpu = Math.Round(100.0 * (1 - (double)(b.Idle - a.Idle) / (b.Total - a.Total)), 1);
        }

        var (memPercent, memTotal) = ReadMemory();
        double? disk = null;
        long diskTotal = 0;
        try
        {
            var drive = new DriveInfo(diskPath);
            diskTotal = drive.TotalSize;
            disk = diskTotal > 0 ? Math.Round(100.0 * (diskTotal - drive.AvailableFreeSpace) / diskTotal, 1) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }

        return new SystemSample(cpu, memPercent, disk, ReadLoad(), memTotal, diskTotal);
    }

    /// <summary>Aggregate jiffies from the first line of /proc/stat: (idle incl. iowait, total).</summary>
    internal (long Idle, long Total)? ReadCpu()
    {
        var line = ReadLines("stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        return values.Length < 4 ? null : (values[3] + (values.Length > 4 ? values[4] : 0), values.Sum());
    }

    internal (double? Percent, long TotalBytes) ReadMemory()
    {
        long? total = null, available = null;
        foreach (var line in ReadLines("meminfo"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                if (parts[0] == "MemTotal:")
                {
                    total = kb * 1024;
                }
                else if (parts[0] == "MemAvailable:")
                {
                    available = kb * 1024;
                }
            }
        }

        return total is > 0 && available is { } avail ? (Math.Round(100.0 * (total.Value - avail) / total.Value, 1), total.Value) : (null, total ?? 0);
    }

    internal double? ReadLoad()
    {
        var line = ReadLines("loadavg").FirstOrDefault();
        var first = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    private string[] ReadLines(string name)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(procRoot, name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
