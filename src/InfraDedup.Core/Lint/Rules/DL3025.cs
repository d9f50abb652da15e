using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3025 : LintRule
{
    public override string Id => "DL3025";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use the JSON (exec) form for CMD and ENTRYPOINT.";

    public override string Help => "In shell form the process runs under /bin/sh -c and does not receive SIGTERM, so containers stop slowly and uncleanly. Write [\"cmd\", \"arg\"].";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var ins in context.Instructions.Where(i => i is CmdInstruction or EntrypointInstruction))
        {
            if (!ins.IsJson && ins.Arguments.Count > 0)
            {
                context.Report(this, ins, $"{ins.Name} is in shell form; use the JSON form [\"executable\", \"arg\"]");
            }
        }
    }
}
