using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3041 : LintRule
{
    public override string Id => "DL3041";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in dnf install (package-version).";

    public override string Help => "'dnf install nginx' takes whatever the repositories hold at build time. Write name-version (nginx-1.26.2, an epoch is fine: nginx-1:1.26.2), install an .rpm file, and give modules a stream (nodejs:20).";

    private static readonly string[] Tools = ["dnf", "microdnf"];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => c.Is(Tools)))
            {
                var unpinned = Unpinned(c.Positionals(RuleHelpers.RpmToolOptionsWithValue));
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"{ShellCommandFacts.Basename(c.CommandName!)} install of unpinned {string.Join(", ", unpinned)}; pin versions (package-version, module:stream)");
                }
            }
        }
    }

    /// <summary>The unpinned operands of 'install' or 'module install' (group installs name no versions and are left alone).</summary>
    private static List<string> Unpinned(IReadOnlyList<string> positionals)
    {
        if (positionals.Count > 0 && positionals[0] == "install")
        {
            return [.. positionals.Skip(1).Where(p => !IsPinnedPackage(p))];
        }

        if (positionals.Count > 1 && positionals[0] == "module" && positionals[1] == "install")
        {
            return [.. positionals.Skip(2).Where(m => !ShellCommandFacts.IsDynamic(m) && !m.Contains(':', StringComparison.Ordinal))];
        }

        return [];
    }

    /// <summary>name-version[-release]: some dash-separated part after the name starts with a digit and all are made of version characters.</summary>
    internal static bool IsPinnedPackage(string package)
    {
        if (ShellCommandFacts.IsDynamic(package) || package.EndsWith(".rpm", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = package.Split('-');
        var rest = parts.Skip(1).ToList();
        return rest.Count > 0
            && rest.All(p => p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '~' or '^' or '_' or ':' or '+'))
            && rest.Any(p => p.Length > 0 && char.IsAsciiDigit(p[0]));
    }
}
