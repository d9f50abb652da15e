using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3000 : LintRule
{
    public override string Id => "DL3000";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Use absolute WORKDIR.";

    public override string Help => "A relative WORKDIR depends on whatever the previous working directory was, which a base image can change. Write the full path (or start it with a variable).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var w in context.Instructions.OfType<StringInstruction>().Where(i => i.Name == "WORKDIR"))
        {
            var path = RuleHelpers.Unquote(w.Value ?? string.Empty);
            var absolute = path.StartsWith('/') || path.StartsWith('$')
                || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');
            if (!absolute && path.Length > 0)
            {
                context.Report(this, w, $"WORKDIR '{path}' is relative; use an absolute path");
            }
        }
    }
}
