using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3040 : LintRule
{
    private static readonly string[] CacheFolders = ["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

    public override string Id => "DL3040";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Run dnf clean all after dnf install.";

    public override string Help => "The dnf cache stays in the layer unless the same RUN runs 'dnf clean all' (microdnf clean all) or uses a cache mount.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs.Where(r => !CacheFolders.Any(r.HasCacheMountOn)))
        {
            // dnf and microdnf keep separate caches: each tool that installs must be cleaned by itself (or the cache removed).
            if (Array.Exists(["dnf", "microdnf"], tool => LeavesCache(run, tool)))
            {
                context.Report(this, run.Location);
            }
        }
    }

    private static bool LeavesCache(RunScript run, string tool)
    {
        var commands = run.Commands;
        var lastInstall = -1;
        for (var i = 0; i < commands.Count; i++)
        {
            if (RuleHelpers.IsSubcommand(commands[i], [tool], RuleHelpers.RpmToolOptionsWithValue, "install", "groupinstall", "localinstall", "upgrade", "update"))
            {
                lastInstall = i;
            }
        }

        return lastInstall >= 0 && !commands.Skip(lastInstall + 1).Any(c => IsClean(c, tool));
    }

    private static bool IsClean(ShellCommand command, string tool) =>
        RuleHelpers.IsSubcommand(command, [tool], RuleHelpers.RpmToolOptionsWithValue, "clean")
        || (command.Is("rm") && command.Positionals().Any(p => CacheFolders.Any(f => p.StartsWith(f, StringComparison.Ordinal))));
}
