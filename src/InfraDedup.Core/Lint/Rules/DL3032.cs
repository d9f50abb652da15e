using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3032 : LintRule
{
    public override string Id => "DL3032";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Run yum clean all after yum install.";

    public override string Help => "The yum cache stays in the layer unless the same RUN ends with 'yum clean all' (or removes /var/cache/yum).";

    public override void Check(LintContext context) =>
        PackageManagers.CheckClean(this, context, ["yum"], ["install", "groupinstall", "localinstall"], c => RuleHelpers.IsSubcommand(c, ["yum"], RuleHelpers.RpmToolOptionsWithValue, "clean"), "/var/cache/yum");
}
