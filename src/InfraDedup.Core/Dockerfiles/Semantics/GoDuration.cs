using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>Go <c>time.ParseDuration</c> syntax (<c>1m30s</c>, <c>1.5h</c>, <c>300ms</c>) to <see cref="TimeSpan"/> and back.</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalNs = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || number > 10_000_000_000_000m)
            {
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }

            decimal unit = s[..j] switch
            {
                "ns" => 1m,
                "us" or "\u00B5s" or "\u03BCs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (unit < 0)
            {
                return false;
            }

            totalNs += number * unit;
            if (totalNs > (decimal)TimeSpan.MaxValue.Ticks * 100)
            {
                return false;
            }

            s = s[j..];
        }

        if (totalNs > (decimal)TimeSpan.MaxValue.Ticks * 100)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(totalNs / 100));
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String</c> for whole-ish values: <c>1h2m3s</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = -value;
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return sb.Append((value.Ticks / 10_000m).ToString(CultureInfo.InvariantCulture)).Append("ms").ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            sb.Append(value.Minutes).Append('m');
        }

        var seconds = value.Ticks % TimeSpan.TicksPerMinute / (decimal)TimeSpan.TicksPerSecond;
        return sb.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
