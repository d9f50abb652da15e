using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3040 : LintRule
{
    public override string Id => "DL3040";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Run dnf clean all after dnf install.";

    public override string Help => "The dnf cache stays in the layer unless the same RUN runs 'dnf clean all' (microdnf clean all) or uses a cache mount.";

    public override void Check(LintContext context) =>
        PackageManagers.CheckClean(this, context, ["dnf", "microdnf"], ["install", "groupinstall", "localinstall", "upgrade", "update"], c => RuleHelpers.IsSubcommand(c, ["dnf", "microdnf"], RuleHelpers.RpmToolOptionsWithValue, "clean"), "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum");
}
