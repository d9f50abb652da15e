using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3047 : LintRule
{
    public override string Id => "DL3047";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Use wget with --progress (or quiet) to avoid bloated build logs.";

    public override string Help => "wget's default progress bar writes a line per chunk into the build log. Use --progress=dot:giga, -q or -nv.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.CommandsNamed("wget").Any(c => !c.HasOption("qoa", "progress", "quiet", "no-verbose", "output-file", "append-output") && !c.Args().Any(a => a == "-nv")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
