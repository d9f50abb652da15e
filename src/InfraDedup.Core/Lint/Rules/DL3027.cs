using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3027 : LintRule
{
    public override string Id => "DL3027";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not use apt; use apt-get or apt-cache.";

    public override string Help => "apt's command-line interface is meant for people and warns that it is not stable for scripts.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.Commands.Any(c => c.Is("apt")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
