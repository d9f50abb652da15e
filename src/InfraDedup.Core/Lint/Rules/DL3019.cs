using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3019 : LintRule
{
    public override string Id => "DL3019";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Use apk add --no-cache.";

    public override string Help => "Without --no-cache the package index stays in /var/cache/apk in the layer. Use --no-cache (or a cache mount) instead of 'apk update' plus cleanup.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.HasCacheMountOn("/var/cache/apk"))
            {
                continue;
            }

            if (run.Commands.Any(c => RuleHelpers.IsSubcommand(c, ["apk"], RuleHelpers.ApkOptionsWithValue, "add") && !c.HasOption(string.Empty, "no-cache")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
