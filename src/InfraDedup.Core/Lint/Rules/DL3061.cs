using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3061 : LintRule
{
    public override string Id => "DL3061";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "A Dockerfile must begin with FROM or ARG (after comments and parser directives).";

    public override string Help => "Only global ARGs may come before the first FROM; any other instruction there has no stage to belong to.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = context.Instructions.FirstOrDefault(i => i is not ArgInstruction);
        if (first is not null and not FromInstruction)
        {
            context.Report(this, first, $"{first.Name} before the first FROM; start with FROM (or global ARGs)");
        }
    }
}
