using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3002 : LintRule
{
    public override string Id => "DL3002";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "The last USER of a stage should not be root.";

    public override string Help => "Switch back to an unprivileged user after the steps that need root, so the container does not run as root.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Stages)
        {
            var last = stage.Instructions.OfType<StringInstruction>().LastOrDefault(i => i.Name == "USER");
            if (last is not null && IsRoot(RuleHelpers.Unquote(last.Value ?? string.Empty)))
            {
                context.Report(this, last, $"stage {stage.Name ?? "#" + stage.Index} ends as user '{last.Value}'; switch to a non-root user");
            }
        }
    }

    internal static bool IsRoot(string user) =>
        user is "root" or "0" || user.StartsWith("root:", StringComparison.Ordinal) || user.StartsWith("0:", StringComparison.Ordinal);
}
