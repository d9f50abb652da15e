using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3003 : LintRule
{
    public override string Id => "DL3003";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use WORKDIR to switch to a directory instead of cd.";

    public override string Help => "A cd only lasts for one RUN and hides where later steps run; WORKDIR makes the directory explicit for every following instruction.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs.Where(r => !r.InOnbuild))
        {
            if (run.Commands.Any(c => c.Depth == 0 && c.Is("cd")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
