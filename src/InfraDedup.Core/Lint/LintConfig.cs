namespace InfraDedup.Core.Lint;

/// <summary>
/// What a configuration file (<c>.infradedup.yaml</c>, or <c>.hadolint.yaml</c> as a fallback) and the command line
/// say about linting. Command-line values are merged on top by <see cref="With"/>.
/// </summary>
public sealed record LintConfig
{
    public static LintConfig Default { get; } = new();

    /// <summary>Rule ids never reported.</summary>
    public IReadOnlySet<string> Ignored { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Severity per rule id, replacing the rule's default.</summary>
    public IReadOnlyDictionary<string, LintSeverity> Overrides { get; init; } = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Findings at or above this fail the run (hadolint's default: info).</summary>
    public FailureThreshold FailureThreshold { get; init; } = FailureThreshold.Info;

    /// <summary>Registries images may come from (DL3026); empty disables the rule. Wildcards: <c>*.example.com</c>, <c>docker.*</c>, <c>*</c>.</summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    /// <summary>When true, <c># hadolint ignore=</c> / <c># infradedup ignore=</c> pragmas are not honoured.</summary>
    public bool DisableIgnorePragma { get; init; }

    /// <summary>The file this configuration was read from, or null.</summary>
    public string? Source { get; init; }

    /// <summary>The severity findings of <paramref name="rule"/> get under this configuration.</summary>
    public LintSeverity SeverityOf(LintRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Overrides.TryGetValue(rule.Id, out var s) ? s : rule.DefaultSeverity;
    }

    /// <summary>True when findings of the rule are reported at all.</summary>
    public bool IsEnabled(LintRule rule) => !Ignored.Contains(rule.Id) && SeverityOf(rule) != LintSeverity.Ignore;

    /// <summary>This configuration with command-line additions: more ignored ids, trusted registries, a threshold.</summary>
    public LintConfig With(IEnumerable<string>? ignore = null, IEnumerable<string>? trustedRegistries = null, FailureThreshold? threshold = null)
    {
        var ignored = new HashSet<string>(Ignored, StringComparer.OrdinalIgnoreCase);
        foreach (var id in ignore ?? [])
        {
            foreach (var part in id.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ignored.Add(part);
            }
        }

        return this with
        {
            Ignored = ignored,
            TrustedRegistries = [.. TrustedRegistries.Concat(trustedRegistries ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
            FailureThreshold = threshold ?? FailureThreshold,
        };
    }
}
