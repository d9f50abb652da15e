using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint;

/// <summary>One <c># hadolint …</c> or <c># infradedup …</c> comment.</summary>
public sealed record LintPragma(int Line, int Column, string Tool, bool IsGlobal, IReadOnlyList<string> IgnoredRules, string? Shell);

/// <summary>
/// The pragmas of a document: <c># hadolint ignore=DL3008,DL3009</c> (or <c># infradedup ignore=…</c>) on the comment
/// lines directly above an instruction silence those rules for that instruction; <c># … global ignore=…</c> anywhere
/// silences them for the whole file; <c># hadolint shell=pwsh</c> declares a non-POSIX shell for RUN.
/// </summary>
public sealed class LintPragmas
{
    private readonly Dictionary<int, HashSet<string>> _byInstructionLine = [];
    private readonly HashSet<string> _global = new(StringComparer.OrdinalIgnoreCase);

    private LintPragmas(IReadOnlyList<LintPragma> all) => All = all;

    /// <summary>Every pragma comment, in source order.</summary>
    public IReadOnlyList<LintPragma> All { get; }

    /// <summary>The shell named by a <c>shell=</c> pragma, or null.</summary>
    public string? Shell => All.LastOrDefault(p => p.Shell is not null)?.Shell;

    /// <summary>True when a pragma silences <paramref name="ruleId"/> for the instruction starting at <paramref name="line"/>.</summary>
    public bool Silences(string ruleId, int line) =>
        _global.Contains(ruleId) || (_byInstructionLine.TryGetValue(line, out var set) && set.Contains(ruleId));

    public static LintPragmas Parse(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var all = new List<LintPragma>();
        var pending = new List<LintPragma>();
        var result = new LintPragmas(all);
        foreach (var element in document.Elements)
        {
            switch (element)
            {
                case DockerfileTrivia { Kind: DockerfileElementKind.Comment } comment:
                    if (TryParse(comment.Text, comment.Span.StartLine, comment.Span.StartColumn) is { } pragma)
                    {
                        all.Add(pragma);
                        if (pragma.IsGlobal)
                        {
                            result._global.UnionWith(pragma.IgnoredRules);
                        }
                        else
                        {
                            pending.Add(pragma);
                        }
                    }

                    break;
                case DockerfileInstruction instruction:
                    if (pending.Count > 0)
                    {
                        var set = new HashSet<string>(pending.SelectMany(p => p.IgnoredRules), StringComparer.OrdinalIgnoreCase);
                        result._byInstructionLine[instruction.Span.StartLine] = set;
                        pending.Clear();
                    }

                    break;
                default:
                    // A blank line or anything else between the pragma and the instruction detaches it.
                    pending.Clear();
                    break;
            }
        }

        return result;
    }

    /// <summary>Parses the text of a comment (after <c>#</c>); null when it is not a pragma.</summary>
    public static LintPragma? TryParse(string text, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        string tool;
        if (t.StartsWith("hadolint", StringComparison.OrdinalIgnoreCase))
        {
            tool = "hadolint";
        }
        else if (t.StartsWith("infradedup", StringComparison.OrdinalIgnoreCase))
        {
            tool = "infradedup";
        }
        else
        {
            return null;
        }

        var rest = t[tool.Length..];
        if (rest.Length == 0 || !char.IsWhiteSpace(rest[0]))
        {
            return null;
        }

        rest = rest.Trim();
        var global = false;
        if (rest.StartsWith("global", StringComparison.OrdinalIgnoreCase) && rest.Length > 6 && char.IsWhiteSpace(rest[6]))
        {
            global = true;
            rest = rest[6..].TrimStart();
        }

        var eq = rest.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return null;
        }

        var key = rest[..eq].Trim().ToLowerInvariant();
        var value = rest[(eq + 1)..].Trim();
        switch (key)
        {
            case "ignore":
                var ids = value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return ids.Length == 0 ? null : new LintPragma(line, column, tool, global, ids, null);
            case "shell" when !global && value.Length > 0:
                return new LintPragma(line, column, tool, false, [], value);
            default:
                return null;
        }
    }
}
