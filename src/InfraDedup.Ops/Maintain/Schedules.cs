using System.Text;
using Cronos;
using InfraDedup.Ops.Common;

namespace InfraDedup.Ops.Maintain;

/// <summary>Turns <c>maintain.schedules</c> into crontab lines or systemd timer units; cron expressions are validated with Cronos.</summary>
public static class Schedules
{
    public static CronExpression Validate(ScheduleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return CronExpression.Parse(entry.Cron.Value, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw entry.Cron.Error($"schedule '{entry.Name}': '{entry.Cron.Value}' is not a 5-field cron expression ({e.Message}); write e.g. '0 3 * * *' (03:00 daily).");
        }
    }

    /// <summary>A crontab: one line per job, running infradedup in <paramref name="root"/>, appending to a log.</summary>
    public static string Crontab(IReadOnlyList<ScheduleEntry> entries, string root, string executable)
    {
        var sb = new StringBuilder("# infradedup maintenance jobs (install with: crontab -l | cat - THIS | crontab -)\n");
        foreach (var entry in entries)
        {
            var cron = Validate(entry);
            var next = cron.GetNextOccurrence(DateTime.UtcNow);
            sb.Append("# ").Append(entry.Name).Append(next is { } n ? $" (next: {n:yyyy-MM-dd HH:mm} UTC)" : string.Empty).Append('\n');
            sb.Append(entry.Cron.Value).Append(" cd ").Append(Quote(root)).Append(" && ").Append(executable).Append(' ').Append(entry.Command)
                .Append(" >> ").Append(Quote(Path.Combine(root, ".infradedup", "logs", entry.Name + ".log"))).Append(" 2>&1\n");
        }

        return sb.ToString();
    }

    /// <summary>A <c>.service</c> and a <c>.timer</c> unit per job, separated by <c># file: NAME</c> lines.</summary>
    public static string SystemdUnits(IReadOnlyList<ScheduleEntry> entries, string root, string executable)
    {
        var sb = new StringBuilder();
        foreach (var entry in entries)
        {
            Validate(entry);
            var unit = "infradedup-" + entry.Name;
            sb.Append($"# file: {unit}.service\n[Unit]\nDescription=infradedup {entry.Name}\n\n[Service]\nType=oneshot\nWorkingDirectory={root}\nExecStart={executable} {entry.Command}\n\n");
            sb.Append($"# file: {unit}.timer\n[Unit]\nDescription=infradedup {entry.Name} ({entry.Cron.Value})\n\n[Timer]\nOnCalendar={OnCalendar(entry.Cron.Value)}\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n\n");
        }

        return sb.ToString();
    }

    /// <summary>Translates a (valid) 5-field cron expression into systemd's OnCalendar syntax.</summary>
    public static string OnCalendar(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5)
        {
            throw new ArgumentException("expected 5 fields", nameof(cron));
        }

        var dow = f[4] == "*" ? string.Empty : Field(f[4], 0, DayName) + " ";
        return $"{dow}*-{Field(f[3], 1, null)}-{Field(f[2], 1, null)} {Field(f[1], 0, null)}:{Field(f[0], 0, null)}:00";
    }

    private static string Field(string field, int first, Func<string, string>? name) =>
        string.Join(',', field.Split(',').Select(part =>
        {
            var step = part.Split('/');
            var range = step[0] == "*" ? (step.Length > 1 ? first.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*") : step[0].Replace("-", "..", StringComparison.Ordinal);
            if (name is not null && range != "*")
            {
                range = string.Join("..", range.Split("..").Select(name));
            }

            return step.Length > 1 ? $"{range}/{step[1]}" : range;
        }));

    private static string DayName(string d) => d.ToUpperInvariant() switch
    {
        "0" or "7" or "SUN" => "Sun",
        "1" or "MON" => "Mon",
        "2" or "TUE" => "Tue",
        "3" or "WED" => "Wed",
        "4" or "THU" => "Thu",
        "5" or "FRI" => "Fri",
        "6" or "SAT" => "Sat",
        _ => d,
    };

    private static string Quote(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
