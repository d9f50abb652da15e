using System.Globalization;

// The namespace stays that of the file this helper came from, so no caller changes; it lives in Common because
// reports, the CLI and the demo all format byte counts.
namespace InfraDedup.Core.Reports;

/// <summary>Human-readable byte counts (binary units).</summary>
public static class Bytes
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
