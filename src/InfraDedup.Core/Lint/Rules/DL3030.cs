using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3030 : LintRule
{
    public override string Id => "DL3030";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use the -y switch with yum install.";

    public override string Help => "Without -y (--assumeyes) yum waits for a confirmation that never comes in a build.";

    public override void Check(LintContext context) =>
        PackageManagers.CheckYes(this, context, ["yum"], ["install", "groupinstall", "localinstall"], "y", "assumeyes");
}
