using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3001 : LintRule
{
    public override string Id => "DL3001";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Commands such as ssh, vim, shutdown, service, ps, free, top, kill, mount make no sense in a RUN.";

    public override string Help => "A build step runs once without a terminal or init system; interactive tools and service managers do nothing useful there and only add packages to the image.";

    private static readonly string[] Pointless = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.CommandsNamed(Pointless))
            {
                context.Report(this, run.Location, $"'{ShellCommandFacts.Basename(c.CommandName!)}' is pointless inside a container build");
            }
        }
    }
}
