using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Reports;

/// <summary>What one check concluded.</summary>
public enum CheckOutcome
{
    /// <summary>The consolidated form was shown to produce the same image.</summary>
    Proven,

    /// <summary>The check found a difference (the service is not consolidated).</summary>
    Failed,

    /// <summary>The check could not run (no Docker engine, missing input, …).</summary>
    NotChecked,
}

/// <summary>
/// One equivalence check: the subject (a compose service's build), how it was checked (e.g. "static equivalence",
/// later "real build" from <c>validate</c>), the outcome and, when it failed, the first difference.
/// </summary>
public sealed record StatusCheck(string Subject, string Method, CheckOutcome Outcome, string? Detail);

/// <summary>
/// The validation status a report shows. Any source of checks maps to this shape: the plan's per-service proofs
/// (<see cref="FromPlanProofs"/>) for a tree nothing is applied to, and <c>validate</c>'s checks of the operation
/// (<see cref="FromValidation"/>) for an applied one.
/// </summary>
/// <param name="Source">Where the checks come from, in words (e.g. "the plan's static equivalence proofs").</param>
/// <param name="Checks">Every check, sorted by subject.</param>
public sealed record ValidationStatus(string Source, IReadOnlyList<StatusCheck> Checks)
{
    public int Proven => Checks.Count(c => c.Outcome == CheckOutcome.Proven);

    public int Failed => Checks.Count(c => c.Outcome == CheckOutcome.Failed);

    public int NotChecked => Checks.Count(c => c.Outcome == CheckOutcome.NotChecked);

    /// <summary>One word for the whole: passed (all proven), failed (any failure), incomplete (some not checked), none (no checks).</summary>
    public string Verdict => Checks.Count == 0 ? "none" : Failed > 0 ? "failed" : NotChecked > 0 ? "incomplete" : "passed";

    /// <summary>The plan's proofs: one static-equivalence check per consolidated build configuration.</summary>
    public static ValidationStatus FromPlanProofs(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var checks = plan.Services
            .Select(p => new StatusCheck(
                p.ComposeFile + ": " + p.Service,
                "static equivalence",
                p.Equivalent ? CheckOutcome.Proven : CheckOutcome.Failed,
                p.Equivalent ? null : p.Difference))
            .OrderBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
        return new ValidationStatus("the plan's static equivalence proofs (effective image spec of every consolidated build)", checks);
    }

    /// <summary>
    /// The static checks <c>validate</c> makes of an applied operation (equivalence per compose build, generated files
    /// against their templates, compose references). A check that errs counts as failed, as it makes <c>validate</c> fail;
    /// a skipped one as not checked.
    /// </summary>
    public static ValidationStatus FromValidation(string basis, IReadOnlyList<Validation.ValidationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var statuses = checks
            .Select(c => new StatusCheck(
                SubjectOf(c),
                MethodOf(c.Kind),
                c.Status switch
                {
                    Validation.CheckStatus.Pass => CheckOutcome.Proven,
                    Validation.CheckStatus.Skipped => CheckOutcome.NotChecked,
                    _ => CheckOutcome.Failed,
                },
                c.Status == Validation.CheckStatus.Pass ? null : c.Detail))
            .OrderBy(c => c.Subject, StringComparer.Ordinal)
            .ThenBy(c => c.Method, StringComparer.Ordinal)
            .ToList();
        return new ValidationStatus($"'infradedup validate' of {basis} (static checks; add real builds with 'validate --build')", statuses);
    }

    private static string SubjectOf(Validation.ValidationCheck check) => (check.ComposeFile, check.Service) switch
    {
        ({ } file, { } service) => file + ": " + service,
        (null, { } service) => service + (check.File is { } f ? " (" + f + ")" : ""),
        ({ } file, null) => file,
        _ => check.File ?? "(tree)",
    };

    private static string MethodOf(Validation.CheckKind kind) => kind switch
    {
        Validation.CheckKind.Static => "static equivalence",
        Validation.CheckKind.Build => "real build",
        Validation.CheckKind.Generated => "generated file matches its template",
        _ => "compose reference resolves",
    };

    /// <summary>No checks, with the reason in <see cref="Source"/>.</summary>
    public static ValidationStatus None(string why) => new(why, []);
}
