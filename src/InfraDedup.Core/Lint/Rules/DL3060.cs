using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3060 : LintRule
{
    public override string Id => "DL3060";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Run yarn cache clean after yarn install.";

    public override string Help => "The yarn cache stays in the layer unless the same RUN cleans it (or uses a cache mount on .cache/yarn).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // As for DL3009: only stages that end up in an image count (the last one, those another stage builds FROM), and ONBUILD.
        var inImage = RuleHelpers.StagesBuiltUpon(context);
        foreach (var run in context.Runs.Where(r => r.InOnbuild || inImage.Contains(r.StageIndex)))
        {
            var installs = run.Commands.Any(c => c.Is("yarn") && (c.Subcommand() is "install" or "add" or null));
            if (!installs || run.Mounts.Any(m => m.Contains(".cache/yarn", StringComparison.Ordinal) || m.Contains("/usr/local/share/.cache", StringComparison.Ordinal)))
            {
                continue;
            }

            if (!run.Commands.Any(c => c.Is("yarn") && c.Positionals() is ["cache", "clean", ..]))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
