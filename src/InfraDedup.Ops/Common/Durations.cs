using System.Globalization;

namespace InfraDedup.Ops.Common;

/// <summary>Durations as people write them on command lines: <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>, <c>1w</c>, or combinations (<c>1h30m</c>).</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var i = 0;
        var total = 0.0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double? ms = s[unitStart..i] switch
            {
                "ms" => 1,
                "s" or "" when unitStart == s.Length => 1000,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                "w" => 604_800_000,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }

            total += number * ms.Value;
        }

        if (total < 0 || total > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Parses or throws a <see cref="InfraDedup.Core.UserInputException"/> naming the option.</summary>
    public static TimeSpan Parse(string? text, string what)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new InfraDedup.Core.UserInputException($"{what}: '{text}' is not a duration; write e.g. 500ms, 10s, 5m, 2h or 7d.");
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1)
        {
            return $"{(int)value.TotalMilliseconds}ms";
        }

        if (value.TotalMinutes < 1)
        {
            return value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
        }

        if (value.TotalHours < 1)
        {
            return value.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + "m";
        }

        return value.TotalHours < 48
            ? value.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + "h"
            : value.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + "d";
    }
}
