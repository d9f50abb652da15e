using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID2001 : LintRule
{
    public override string Id => "ID2001";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Instruction has no effect on the built image (dead instruction).";

    public override string Help => "Found with the effective-image model: removing the instruction leaves the target image's configuration and filesystem steps unchanged (an ARG nothing uses, an ENV or LABEL overridden before use, a repeated setting). Remove it; for consolidation these lines only hide real differences.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Stages.Count == 0)
        {
            return;
        }

        foreach (var dead in Dockerfiles.Semantics.DeadInstructionAnalyzer.Find(context.Document, new Dictionary<string, string>()))
        {
            if (!dead.Reason.Contains("is not reachable", StringComparison.Ordinal))
            {
                context.Report(this, dead.Instruction, $"{dead.Instruction.Name} has no effect: {dead.Reason}");
            }
        }
    }
}
