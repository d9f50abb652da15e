namespace InfraDedup.Core.Lint;

/// <summary>
/// One problem found in one file. Lines and columns are 1-based; <see cref="EndLine"/> is the last line of the
/// instruction (or element) the finding is about.
/// </summary>
public sealed record LintFinding(string File, int Line, int Column, int EndLine, string RuleId, LintSeverity Severity, string Message)
{
    /// <summary>hadolint's tty form: <c>file:line CODE level: message</c>.</summary>
    public override string ToString() => $"{File}:{Line} {RuleId} {Severity.Name()}: {Message}";

    /// <summary>Orders by file, line, column, then rule id (ordinal).</summary>
    public static int Compare(LintFinding? a, LintFinding? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var c = string.CompareOrdinal(a.File, b.File);
        if (c == 0)
        {
            c = a.Line.CompareTo(b.Line);
        }

        if (c == 0)
        {
            c = a.Column.CompareTo(b.Column);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.RuleId, b.RuleId);
        }

        return c == 0 ? string.CompareOrdinal(a.Message, b.Message) : c;
    }
}
