using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3046 : LintRule
{
    public override string Id => "DL3046";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "useradd with a large UID needs -l (--no-log-init).";

    public override string Help => "Without -l, useradd writes a sparse /var/log/lastlog and faillog sized by the UID: a huge UID makes a gigabyte-sized layer.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.CommandsNamed("useradd"))
            {
                var uid = Uid(c.Args());
                if (uid is { Length: > 5 } && uid.All(char.IsAsciiDigit) && !c.HasOption("l", "no-log-init"))
                {
                    context.Report(this, run.Location, $"useradd -u {uid} without -l; add -l (--no-log-init)");
                }
            }
        }

    }

    private static string? Uid(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if ((a is "-u" or "--uid") && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (a.StartsWith("--uid=", StringComparison.Ordinal))
            {
                return a[6..];
            }

            if (a.StartsWith("-u", StringComparison.Ordinal) && a.Length > 2 && char.IsAsciiDigit(a[2]))
            {
                return a[2..];
            }
        }

        return null;
    }
}
