namespace InfraDedup.Core.Lint;

/// <summary>
/// One lint rule. Rules are stateless singletons: everything they need comes from the <see cref="LintContext"/>,
/// and they report through it. Each rule lives in its own file under <c>Lint/Rules/</c>.
/// </summary>
public abstract class LintRule
{
    /// <summary>The rule id: hadolint's <c>DLxxxx</c> for the rules it also has, <c>IDxxxx</c> for ours.</summary>
    public abstract string Id { get; }

    /// <summary>The severity findings get unless a configuration overrides it.</summary>
    public abstract LintSeverity DefaultSeverity { get; }

    /// <summary>One sentence: what the rule wants. Also the default message of its findings.</summary>
    public abstract string Description { get; }

    /// <summary>Why it matters and how to fix it (SARIF help text, <c>docs/lint.md</c>).</summary>
    public abstract string Help { get; }

    /// <summary>The anchor of the rule's section in <c>docs/lint.md</c>.</summary>
    public string DocsAnchor => Id.ToLowerInvariant();

    /// <summary>Repository-relative documentation link.</summary>
    public string DocsPath => "docs/lint.md#" + DocsAnchor;

    /// <summary>An absolute documentation URL when one exists (hadolint's wiki page for DL rules), else null.</summary>
    public string? HelpUri => Id.StartsWith("DL", StringComparison.Ordinal) ? "https://github.com/hadolint/hadolint/wiki/" + Id : null;

    /// <summary>Inspects the document and reports findings through <paramref name="context"/>.</summary>
    public abstract void Check(LintContext context);

    public override string ToString() => $"{Id} ({DefaultSeverity.Name()}): {Description}";
}
