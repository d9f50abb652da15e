using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3045 : LintRule
{
    public override string Id => "DL3045";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "COPY to a relative destination without a WORKDIR set first.";

    public override string Help => "The destination is then relative to the base image's working directory, which can change under you. Set WORKDIR in the stage (or a stage it derives from) or use an absolute path.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Stages)
        {
            var hasWorkdir = RuleHelpers.Lineage(context, stage).Skip(1).Any(s => s.Instructions.Any(i => i.Name == "WORKDIR"));
            foreach (var ins in stage.Instructions)
            {
                if (ins.Name == "WORKDIR")
                {
                    hasWorkdir = true;
                }
                else if (ins is CopyInstruction copy && !hasWorkdir)
                {
                    var dest = RuleHelpers.Unquote(copy.Dest ?? "/");
                    var absolute = dest.StartsWith('/') || dest.StartsWith('$') || (dest.Length >= 2 && char.IsAsciiLetter(dest[0]) && dest[1] == ':');
                    if (!absolute)
                    {
                        context.Report(this, copy, $"COPY to relative '{dest}' before any WORKDIR in this stage");
                    }
                }
            }
        }
    }
}
