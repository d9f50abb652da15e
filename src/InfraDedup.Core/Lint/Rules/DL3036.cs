using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3036 : LintRule
{
    public override string Id => "DL3036";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Run zypper clean after zypper install.";

    public override string Help => "The zypper cache stays in the layer unless the same RUN runs 'zypper clean' (zypper cc) or uses a cache mount.";

    public override void Check(LintContext context) =>
        PackageManagers.CheckClean(this, context, ["zypper"], ["install", "in"], c => RuleHelpers.IsSubcommand(c, ["zypper"], RuleHelpers.RpmToolOptionsWithValue, "clean", "cc"), "/var/cache/zypp");
}
