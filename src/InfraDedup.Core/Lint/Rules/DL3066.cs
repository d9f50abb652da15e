using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3066 : LintRule
{
    public override string Id => "DL3066";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Use a numeric user id in USER.";

    public override string Help => "Kubernetes' runAsNonRoot can only verify numeric ids; a name also depends on /etc/passwd of the image. Write USER 10001 (or USER 10001:10001).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var user in context.Instructions.OfType<StringInstruction>().Where(i => i.Name == "USER"))
        {
            var value = RuleHelpers.Unquote(user.Value ?? string.Empty);
            var uid = value.Split(':')[0];
            if (uid.Length > 0 && !uid.All(char.IsAsciiDigit) && !uid.Contains('$', StringComparison.Ordinal))
            {
                context.Report(this, user, $"USER '{value}' is a name; use a numeric uid");
            }
        }
    }
}
