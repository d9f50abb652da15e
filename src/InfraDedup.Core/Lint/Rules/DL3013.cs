using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3013 : LintRule
{
    public override string Id => "DL3013";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in pip install.";

    public override string Help => "Unpinned packages resolve to whatever is newest at build time. Pin (pkg==1.2.3), or install from a requirements/constraints file.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands)
            {
                var operands = RuleHelpers.PipInstallOperands(c, out _);
                var unpinned = operands?.Where(p => !IsPinned(p)).ToList();
                if (unpinned is { Count: > 0 })
                {
                    context.Report(this, run.Location, $"pip install of unpinned {string.Join(", ", unpinned)}; pin versions (pkg==version)");
                }
            }
        }
    }

    internal static bool IsPinned(string spec)
    {
        if (ShellCommandFacts.IsDynamic(spec) || spec == "." || spec.StartsWith('.') || spec.StartsWith('/') || spec.Contains('/', StringComparison.Ordinal)
            || spec.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
            || spec.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || spec.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        return spec.IndexOfAny(['=', '<', '>', '~']) > 0;
    }
}
