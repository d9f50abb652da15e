namespace InfraDedup.Core.Lint;

/// <summary>How serious a finding is, highest first. <see cref="Ignore"/> findings are dropped unless a config raises them.</summary>
public enum LintSeverity
{
    Error,
    Warning,
    Info,
    Style,
    Ignore,
}

/// <summary>Parsing and naming of severities (hadolint's spellings).</summary>
public static class LintSeverities
{
    /// <summary>The lower-case name used in every output format and in configuration files.</summary>
    public static string Name(this LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        LintSeverity.Info => "info",
        LintSeverity.Style => "style",
        _ => "ignore",
    };

    /// <summary>Parses <c>error|warning|info|style|ignore</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out LintSeverity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error":
                severity = LintSeverity.Error;
                return true;
            case "warning":
                severity = LintSeverity.Warning;
                return true;
            case "info":
                severity = LintSeverity.Info;
                return true;
            case "style":
                severity = LintSeverity.Style;
                return true;
            case "ignore":
                severity = LintSeverity.Ignore;
                return true;
            default:
                severity = LintSeverity.Ignore;
                return false;
        }
    }

    /// <summary>True when <paramref name="severity"/> is at least as serious as <paramref name="threshold"/>.</summary>
    public static bool AtLeast(this LintSeverity severity, LintSeverity threshold) => severity <= threshold;
}

/// <summary>
/// The exit-code threshold: findings at or above it fail the run. <see cref="None"/> never fails.
/// hadolint's default is <see cref="Info"/>, and so is ours.
/// </summary>
public enum FailureThreshold
{
    Error,
    Warning,
    Info,
    Style,
    None,
}

public static class FailureThresholds
{
    public static bool TryParse(string? text, out FailureThreshold threshold)
    {
        var t = text?.Trim().ToLowerInvariant();
        if (t == "none")
        {
            threshold = FailureThreshold.None;
            return true;
        }

        // hadolint also accepts 'ignore': fail on every reported finding, the same as 'style' here.
        if (LintSeverities.TryParse(t, out var s))
        {
            threshold = s == LintSeverity.Ignore ? FailureThreshold.Style : (FailureThreshold)(int)s;
            return true;
        }

        threshold = FailureThreshold.Info;
        return false;
    }

    public static string Name(this FailureThreshold threshold) =>
        threshold == FailureThreshold.None ? "none" : ((LintSeverity)(int)threshold).Name();

    /// <summary>True when a finding of <paramref name="severity"/> fails a run with this threshold.</summary>
    public static bool Fails(this FailureThreshold threshold, LintSeverity severity) =>
        threshold != FailureThreshold.None && severity != LintSeverity.Ignore && (int)severity <= (int)threshold;
}
