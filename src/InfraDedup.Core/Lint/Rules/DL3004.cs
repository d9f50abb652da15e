using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3004 : LintRule
{
    public override string Id => "DL3004";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Do not use sudo in RUN.";

    public override string Help => "Build steps already run as the current USER; sudo adds a setuid binary and unpredictable TTY behaviour. Switch USER instead.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.Commands.Any(c => c.Is("sudo")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
