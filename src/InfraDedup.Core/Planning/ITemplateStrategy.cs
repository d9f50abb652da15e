namespace InfraDedup.Core.Planning;

/// <summary>
/// The planner's strategy 3 seam: turns members a shared Dockerfile cannot cover into templates whose renderings
/// replace the members at their own paths. Implementations must verify their renderings; the planner proves them again.
/// </summary>
public interface ITemplateStrategy
{
    /// <summary>Templates for <paramref name="members"/> (repository path → original bytes); members it cannot reproduce are omitted.</summary>
    TemplateOutcome Consolidate(string familyName, IReadOnlyDictionary<string, byte[]> members);
}

/// <summary>
/// Files to create (template sources, by repository path), and per member the rendered Dockerfile that replaces it
/// (with its template and parameters), plus members the strategy declined, with reasons.
/// </summary>
public sealed record TemplateOutcome(
    IReadOnlyDictionary<string, string> Templates,
    IReadOnlyList<TemplatedMember> Members,
    IReadOnlyDictionary<string, string> Declined);

/// <summary>A member rendered from a template: the rendered text written at its path, and where it came from.</summary>
public sealed record TemplatedMember(string Path, string Template, string Rendered, IReadOnlyDictionary<string, string> Parameters);
