using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3038 : LintRule
{
    public override string Id => "DL3038";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use the -y switch with dnf install.";

    public override string Help => "Without -y (--assumeyes) dnf and microdnf wait for a confirmation that never comes in a build.";

    public override void Check(LintContext context) =>
        PackageManagers.CheckYes(this, context, ["dnf", "microdnf"], ["install", "groupinstall", "localinstall"], "y", "assumeyes");
}
