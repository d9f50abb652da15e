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

    /// <summary>The check found a problem the tree already had before the operation (not caused by it).</summary>
    PreExisting,
}

/// <summary>The counts of one method of checking (e.g. "static equivalence", "compose reference resolves").</summary>
public sealed record MethodCount(string Method, bool IsProof, int Passed, int Failed, int PreExisting, int NotChecked)
{
    public int Checks => Passed + Failed + PreExisting + NotChecked;
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

    public int PreExisting => Checks.Count(c => c.Outcome == CheckOutcome.PreExisting);

    /// <summary>Equivalence proofs only (static equivalence, real builds): compose references and generated files are not proofs.</summary>
    public int ProofsProven => Checks.Count(c => IsProof(c.Method) && c.Outcome == CheckOutcome.Proven);

    /// <summary>How many equivalence proofs were attempted (proven, failed, pre-existing problem or not checked).</summary>
    public int Proofs => Checks.Count(c => IsProof(c.Method));

    /// <summary>The counts per method, proofs first, each method under its own name.</summary>
    public IReadOnlyList<MethodCount> Methods =>
        [.. Checks.GroupBy(c => c.Method)
            .Select(g => new MethodCount(
                g.Key,
                IsProof(g.Key),
                g.Count(c => c.Outcome == CheckOutcome.Proven),
                g.Count(c => c.Outcome == CheckOutcome.Failed),
                g.Count(c => c.Outcome == CheckOutcome.PreExisting),
                g.Count(c => c.Outcome == CheckOutcome.NotChecked)))
            .OrderBy(m => m.IsProof ? 0 : 1)
            .ThenBy(m => m.Method, StringComparer.Ordinal)];

    /// <summary>"static equivalence 3/3 proven; compose reference resolves 30/32 (2 pre-existing)": every method with its own count.</summary>
    public string Breakdown() => Methods.Count == 0
        ? "no checks"
        : string.Join("; ", Methods.Select(m =>
        {
            var extra = new List<string>();
            if (m.Failed > 0)
            {
                extra.Add(m.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture) + " failed");
            }

            if (m.PreExisting > 0)
            {
                extra.Add(m.PreExisting.ToString(System.Globalization.CultureInfo.InvariantCulture) + " pre-existing");
            }

            if (m.NotChecked > 0)
            {
                extra.Add(m.NotChecked.ToString(System.Globalization.CultureInfo.InvariantCulture) + " not checked");
            }

            var tail = extra.Count == 0 ? string.Empty : " (" + string.Join(", ", extra) + ")";
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Method} {m.Passed}/{m.Checks}{(m.IsProof ? " proven" : " passed")}{tail}");
        }));

    /// <summary>Whether a method proves equivalence (rather than checking a reference or a generated file).</summary>
    public static bool IsProof(string method) => method is StaticMethod or BuildMethod;

    public const string StaticMethod = "static equivalence";

    public const string BuildMethod = "real build";

    /// <summary>One word for the whole: passed (all proven), failed (any failure), incomplete (some not checked), none (no checks).</summary>
    public string Verdict => Checks.Count == 0 ? "none" : Failed > 0 ? "failed" : NotChecked > 0 ? "incomplete" : "passed";

    /// <summary>The plan's proofs: one static-equivalence check per consolidated build configuration.</summary>
    public static ValidationStatus FromPlanProofs(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var checks = plan.Services
            .Select(p => new StatusCheck(
                p.ComposeFile + ": " + p.Service,
                StaticMethod,
                p.Equivalent ? CheckOutcome.Proven : CheckOutcome.Failed,
                p.Equivalent ? null : p.Difference))
            .OrderBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
        return new ValidationStatus("the plan's static equivalence proofs (effective image spec of every consolidated build)", checks);
    }

    /// <summary>
    /// The static checks <c>validate</c> makes of an applied operation (equivalence per compose build, generated files
    /// against their templates, compose references). A check that errs counts as failed, as it makes <c>validate</c> fail;
    /// a skipped one as not checked; a problem the tree had before the operation as pre-existing.
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
                    _ when c.PreExisting => CheckOutcome.PreExisting,
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
        Validation.CheckKind.Static => StaticMethod,
        Validation.CheckKind.Build => BuildMethod,
        Validation.CheckKind.Generated => "generated file matches its template",
        _ => "compose reference resolves",
    };

    /// <summary>No checks, with the reason in <see cref="Source"/>.</summary>
    public static ValidationStatus None(string why) => new(why, []);
}
