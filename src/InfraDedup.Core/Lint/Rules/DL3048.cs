using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3048 : LintRule
{
    public override string Id => "DL3048";

    public override LintSeverity DefaultSeverity => LintSeverity.Style;

    public override string Description => "Label keys should be lower-case and made of letters, digits, '.', '-' and '/'.";

    public override string Help => "Keys should start with a lower-case letter, end with a lower-case letter or digit, contain only [a-z0-9.-/_] without '..' or '--', and not use the reserved com.docker., io.docker. or org.dockerproject. namespaces.";

    private static readonly string[] Reserved = ["com.docker.", "io.docker.", "org.dockerproject."];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var ins in context.Instructions)
        {
            // ONBUILD LABEL sets the label in every image built FROM this one, so its keys are checked too.
            if ((ins as LabelInstruction ?? (ins as OnbuildInstruction)?.Inner as LabelInstruction) is not { } label)
            {
                continue;
            }

            foreach (var pair in label.Pairs)
            {
                // A key built from a variable ($PREFIX.version) is reported too, as hadolint does: the '$' is not a key character.
                var key = RuleHelpers.Unquote(pair.Key);
                if (Problem(key) is { } problem)
                {
                    context.Report(this, ins, $"label key '{key}' {problem}");
                }
            }
        }
    }

    internal static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "is empty";
        }

        if (Reserved.Any(r => key.StartsWith(r, StringComparison.Ordinal)))
        {
            return "uses a reserved namespace";
        }

        if (!char.IsAsciiLetterLower(key[0]) || !IsEdge(key[^1]))
        {
            return "must start with a lower-case letter and end with a lower-case letter or digit";
        }

        if (key.Any(c => !(IsEdge(c) || c is '.' or '-' or '/' or '_')))
        {
            return "may only contain lower-case letters, digits, '.', '-', '_' and '/'";
        }

        return key.Contains("..", StringComparison.Ordinal) || key.Contains("--", StringComparison.Ordinal) ? "must not contain '..' or '--'" : null;
    }

    private static bool IsEdge(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
