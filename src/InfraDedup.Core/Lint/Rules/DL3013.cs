using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3013 : LintRule
{
    public override string Id => "DL3013";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in pip install.";

    public override string Help => "Unpinned packages resolve to whatever is newest at build time. Pin (pkg==1.2.3), or install from a requirements/constraints file.";

    private static readonly string[] VcsSchemes = ["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands)
            {
                // A requirements or constraints file decides the versions; the packages on the command line then only name what to install.
                var operands = RuleHelpers.PipInstallOperands(c, out var fromFile);
                var unpinned = fromFile ? null : operands?.Where(p => !IsPinned(p)).ToList();
                if (unpinned is { Count: > 0 })
                {
                    context.Report(this, run.Location, $"pip install of unpinned {string.Join(", ", unpinned)}; pin versions (pkg==version)");
                }
            }
        }
    }

    internal static bool IsPinned(string spec)
    {
        if (ShellCommandFacts.IsDynamic(spec) || spec.StartsWith('.'))
        {
            return true;
        }

        if (VcsSchemes.Any(s => spec.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            // git+https://host/repo.git@v1.2#egg=name: the @ref after the repository path is the pin (an @ in user@host is not).
            var url = spec.Split('#')[0];
            return url[(url.LastIndexOf('/') + 1)..].Contains('@', StringComparison.Ordinal);
        }

        if (spec.StartsWith('/') || spec.Contains('/', StringComparison.Ordinal)
            || spec.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
            || spec.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || spec.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        return spec.IndexOfAny(['=', '<', '>', '~']) > 0;
    }
}
