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
                    pipefail = SetsPipefail(sh.CommandParts);
                    break;
                case RunInstruction run when !run.IsJson && !pipefail && context.ScriptOf(run) is { HasPipe: true }:
                    context.Report(this, run);
                    break;
            }
        }
    }

    /// <summary>
    /// True for bash, zsh or ash (any folder) given '-o pipefail' (also bundled as '-eo pipefail'). Plain sh may not know the
    /// option, so it does not count.
    /// </summary>
    private static bool SetsPipefail(IReadOnlyList<string> parts)
    {
        if (parts.Count == 0 || ShellCommandFacts.Basename(parts[0]) is not ("bash" or "zsh" or "ash"))
        {
            return false;
        }

        for (var i = 1; i + 1 < parts.Count; i++)
        {
            if (parts[i].StartsWith('-') && !parts[i].StartsWith("--", StringComparison.Ordinal) && parts[i].EndsWith('o') && parts[i + 1] == "pipefail")
            {
                return true;
            }
        }

        return false;
    }
}
