using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4005 : LintRule
{
    public override string Id => "DL4005";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use SHELL to change the default shell instead of linking /bin/sh.";

    public override string Help => "Replacing /bin/sh with a link changes every later script in the image, not just the build; the SHELL instruction changes only the build's RUN shell.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.CommandsNamed("ln").Any(c => c.HasOption("s", "symbolic") && c.Positionals() is [.., var last] && last == "/bin/sh"))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
