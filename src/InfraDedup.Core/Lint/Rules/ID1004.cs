using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1004 : LintRule
{
    public override string Id => "ID1004";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not make files world-writable (chmod 777, o+w).";

    public override string Help => "Any process in the container, under any user, can then change those files, including code that runs later as root. Give ownership to the service user instead (COPY --chown, chown).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            var mode = run.CommandsNamed("chmod").SelectMany(c => c.Positionals().Take(1)).FirstOrDefault(IsWorldWritable);
            if (mode is not null)
            {
                context.Report(this, run.Location, $"chmod {mode} makes files world-writable; grant access to the owning user or group instead");
            }
        }

        foreach (var copy in context.Instructions.OfType<FileTransferInstruction>())
        {
            if (copy.Chmod is { } m && IsWorldWritable(m))
            {
                context.Report(this, copy, $"{copy.Name} --chmod={m} makes files world-writable");
            }
        }
    }

    internal static bool IsWorldWritable(string mode)
    {
        if (mode.Length is >= 3 and <= 4 && mode.All(c => c is >= '0' and <= '7'))
        {
            return ((mode[^1] - '0') & 2) != 0;
        }

        foreach (var clause in mode.Split(','))
        {
            var op = clause.IndexOfAny(['+', '=']);
            if (op >= 0 && clause[(op + 1)..].Contains('w', StringComparison.Ordinal))
            {
                var who = clause[..op];
                if (who.Contains('o', StringComparison.Ordinal) || who.Contains('a', StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
