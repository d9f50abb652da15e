using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4006 : LintRule
{
    public override string Id => "DL4006";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Set SHELL with -o pipefail before a RUN that uses a pipe.";

    public override string Help => "sh reports only the last command of a pipeline, so 'curl … | tar x' succeeds even when the download failed. Add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] earlier in the stage.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pipefail = false;
        foreach (var ins in context.Instructions)
        {
            switch (ins)
            {
                case FromInstruction:
                    pipefail = false;
                    break;
                case ShellInstruction sh:
                    var parts = sh.CommandParts;
                    pipefail = parts.Count > 0 && parts.Skip(1).Any(p => p.Contains("pipefail", StringComparison.Ordinal));
                    break;
                case RunInstruction run when !run.IsJson && !pipefail && context.ScriptOf(run) is { HasPipe: true }:
                    context.Report(this, run);
                    break;
            }
        }
    }
}
