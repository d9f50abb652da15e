using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3034 : LintRule
{
    public override string Id => "DL3034";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use a non-interactive switch with zypper.";

    public override string Help => "zypper asks for confirmation unless given -n/--non-interactive (global) or -y/--no-confirm.";

    public override void Check(LintContext context) =>
        PackageManagers.CheckYes(this, context, ["zypper"], ["install", "in", "remove", "rm", "source-install", "si", "patch"], "ny", "non-interactive", "no-confirm");
}
