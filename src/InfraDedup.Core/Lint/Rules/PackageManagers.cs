using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

/// <summary>Checks shared by the yum/dnf/zypper rules.</summary>
internal static class PackageManagers
{
    /// <summary>Reports RUNs where the tool's sub-command lacks any of the "assume yes" options.</summary>
    public static void CheckYes(LintRule rule, LintContext context, string[] tools, string[] subcommands, string shortLetters, params string[] longNames)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.Commands.Any(c => RuleHelpers.IsSubcommand(c, tools, RuleHelpers.RpmToolOptionsWithValue, subcommands) && !c.HasOption(shortLetters, longNames)))
            {
                context.Report(rule, run.Location);
            }
        }
    }

    /// <summary>Reports RUNs that install with the tool but neither clean up after it nor use a cache mount on a cache folder.</summary>
    public static void CheckClean(LintRule rule, LintContext context, string[] tools, string[] subcommands, Func<ShellCommand, bool> isClean, params string[] cacheFolders)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            var installs = run.Commands.Select((c, i) => (c, i)).Where(x => RuleHelpers.IsSubcommand(x.c, tools, RuleHelpers.RpmToolOptionsWithValue, subcommands)).ToList();
            if (installs.Count == 0 || cacheFolders.Any(run.HasCacheMountOn))
            {
                continue;
            }

            var lastInstall = installs[^1].i;
            var cleaned = run.Commands.Skip(lastInstall + 1).Any(c => isClean(c))
                || cacheFolders.Any(f => run.Commands.Skip(lastInstall + 1).Any(c => c.Is("rm") && c.Positionals().Any(p => p.StartsWith(f, StringComparison.Ordinal))));
            if (!cleaned)
            {
                context.Report(rule, run.Location);
            }
        }
    }
}
