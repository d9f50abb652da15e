using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3059 : LintRule
{
    public override string Id => "DL3059";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Consolidate consecutive RUN instructions.";

    public override string Help => "Each RUN is a layer; consecutive single-command RUNs with the same flags are cheaper as one RUN joined with '&&'.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Stages)
        {
            for (var i = 1; i < stage.Instructions.Count; i++)
            {
                if (stage.Instructions[i] is RunInstruction cur && stage.Instructions[i - 1] is RunInstruction prev
                    && cur.Heredocs.Count == 0 && prev.Heredocs.Count == 0 && cur.Flags.SequenceEqual(prev.Flags)
                    && Short(context, cur) && Short(context, prev))
                {
                    context.Report(this, cur, $"RUN follows the RUN on line {prev.Span.StartLine}; join them with '&&'");
                }
            }
        }
    }

    // A RUN that already chains commands (a && b, a; b) was most likely kept apart on purpose, as hadolint judges it.
    private static bool Short(LintContext context, RunInstruction run) =>
        context.ScriptOf(run) is { IsPosixShell: true } s && s.Commands.Count(c => c.Depth == 0) <= 1;
}
