using InfraDedup.Core.Inventory;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Planning;

/// <summary>plan.json <c>scripts</c>: what <c>plan --scripts</c> does with the operational scripts (those outside build contexts).</summary>
public sealed record ScriptPlan(
    IReadOnlyList<ScriptGroupDecision> Groups,
    IReadOnlyList<ScriptReplacementProposal> Proposals,
    IReadOnlyList<LeftAlone> LeftAlone);

/// <summary>
/// Copies that became one maintained script: <c>exact-copies</c> (the first copy is kept, the others exec it) or
/// <c>parameterized</c> (a new script reads the differing literal words from variables; each member execs it with its
/// values). <see cref="Proof"/> says what was checked.
/// </summary>
public sealed record ScriptGroupDecision(string Kind, string Source, IReadOnlyList<string> Members, IReadOnlyList<ScriptParameterRecord> Parameters, string Proof);

/// <summary>A parameter of a parameterized script: its variable and each member's value.</summary>
public sealed record ScriptParameterRecord(string Name, IReadOnlyDictionary<string, string> Values);

/// <summary>A script whose whole effect a master command has: replaced by a wrapper that runs it, for review (<see cref="PlanAction.BehaviourChange"/>).</summary>
public sealed record ScriptReplacementProposal(string Path, string Master, string Command, string Replaced, string Review);

/// <summary>
/// The scripts stage (<c>plan --scripts</c>), after assembly: exact copies of an operational script become wrappers
/// that exec one kept copy; near-copies that differ only in literal words become one parameterized script under
/// <c>scripts/shared/</c> plus wrappers passing each member's values (proven by <see cref="ScriptParameterizer"/>);
/// scripts whose whole effect a master command has get a replacement wrapper marked as a behaviour change. Scripts
/// inside build contexts are image content and are never touched here. Everything else stays, with the reason.
/// </summary>
internal sealed partial class ScriptConsolidationStage(PlanContext context)
{
    internal const string SharedScriptFolder = "scripts/shared";

    public PlanResult Add(PlanResult result, CancellationToken cancellationToken)
    {
        if (!context.Options.Scripts)
        {
            return result;
        }

        var scan = context.Scan;
        var contexts = BuildContexts.Of(scan);
        var operational = scan.Inventory
            .Where(f => f.Kind == FileKind.ShellScript && !contexts.Contains(f.RelativePath) && context.ReadRepoFile(f.RelativePath) is not null)
            .ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string Text(string path) => texts.TryGetValue(path, out var t) ? t : texts[path] = System.Text.Encoding.UTF8.GetString(context.ReadRepoFile(path)!);

        var creates = new List<PlanAction>();
        var changes = new List<PlanAction>();
        var groups = new List<ScriptGroupDecision>();
        var leftAlone = new List<LeftAlone>();
        var proposals = new List<ScriptReplacementProposal>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var proposed = new SortedDictionary<string, string>(result.ProposedFiles.ToDictionary(), StringComparer.Ordinal);

        // 1. Exact copies: the first copy (by path) stays, every other copy execs it.
        var canonicalOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in scan.ExactDuplicates)
        {
            // The kept copy: not one under a backup or archive folder when there is another, then the first by path.
            var members = group.Paths.Where(operational.ContainsKey).OrderBy(IsBackupCopy).ThenBy(p => p, StringComparer.Ordinal).ToList();
            if (members.Count < 2)
            {
                continue;
            }

            var canonical = members[0];
            var text = Text(canonical);
            if (WrapperBlocker(text) is { } why)
            {
                leftAlone.AddRange(members.Select(m => new LeftAlone(m, "exact copies left as they are: " + why)));
                continue;
            }

            context.RecordInput(canonical);
            foreach (var member in members.Skip(1))
            {
                canonicalOf[member] = canonical;
                changes.Add(Wrapper(member, canonical, ScriptParameterizer.Shebang(text)!, [], $"exact copy of {canonical}: runs it"));
                touched.Add(member);
            }

            touched.Add(canonical);
            groups.Add(new ScriptGroupDecision("exact-copies", canonical, members, [], "byte-identical (SHA-256 " + group.Sha256[..12] + "…); the wrapper execs the kept copy with the same arguments"));
        }

        // 2. Near-copies: one parameterized script per family whose members differ only in literal words.
        var families = FamilyFinder.Find(scan.Root, scan.Inventory, new SimilarityOptions { Kinds = FamilyKinds.Shell, Threshold = context.Options.Threshold, IncludeImageSources = true }, null, cancellationToken).Families;
        foreach (var family in families.Where(f => f.Kind == FamilyKind.Shell))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = family.Paths.Where(p => operational.ContainsKey(p) && !canonicalOf.ContainsKey(p)).ToList();
            members = [.. members.OrderBy(p => p == family.Medoid ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal)];
            if (members.Count < 2)
            {
                continue;
            }

            var memberTexts = members.Select(Text).ToList();
            var blocker = memberTexts.Select(WrapperBlocker).FirstOrDefault(b => b is not null);
            if (blocker is not null)
            {
                leftAlone.AddRange(members.Select(m => new LeftAlone(m, "near-copies left as they are: " + blocker)));
                continue;
            }

            if (ScriptParameterizer.Parameterize(memberTexts, out var reason) is not { } script)
            {
                leftAlone.AddRange(members.Select(m => new LeftAlone(m, "near-copies left as they are: " + reason)));
                continue;
            }

            var shared = SharedPath(members[0]);
            context.RecordInput(members[0]);
            creates.Add(context.Create(shared, script.Text, $"parameterized script for {members.Count} near-copies ({script.Parameters.Count} parameters)") with { Mode = "0755" });
            proposed[shared] = script.Text;
            for (var m = 0; m < members.Count; m++)
            {
                var values = script.Parameters.Select(p => (p.Name, p.Values[m])).ToList();
                changes.Add(Wrapper(members[m], shared, script.Shebang, values, $"near-copy: runs {shared} with its values"));
                touched.Add(members[m]);
            }

            groups.Add(new ScriptGroupDecision(
                "parameterized",
                shared,
                members,
                [.. script.Parameters.Select(p => new ScriptParameterRecord(p.Name, members.Select((path, i) => (path, i)).ToDictionary(x => x.path, x => p.Values[x.i], StringComparer.Ordinal)))],
                "token streams equal after substituting each member's values (comments and layout aside); every value is one double-quoted expansion of a static word"));
        }

        // 3. Master-command replacements: proposals for review, applied only with --accept-script-replacements.
        foreach (var path in operational.Keys.Where(p => !touched.Contains(p)).Order(StringComparer.Ordinal))
        {
            var text = Text(path);
            if (MasterCommandMatcher.Match(path, text, context.Files.ContainsKey, out _) is not { } match)
            {
                continue;
            }

            var master = match.Master.ToString().ToLowerInvariant();
            var review = $"behaviour change for review: infradedup {master} does what the script did, with its own output, checks and exit codes; not proven equivalent";
            var content = ReplacementText(path, match);
            context.RecordInput(path);
            changes.Add(new PlanAction
            {
                Kind = PlanActionKind.Replace,
                Path = path,
                ExpectedSha256 = context.Inputs[path],
                Content = content,
                Sha256 = Planner.Sha256(content),
                Reason = $"whole script is '{match.Command}'",
                BehaviourChange = review,
            });
            proposed[path] = content;
            proposals.Add(new ScriptReplacementProposal(path, master, match.Command, match.Replaced, review));
        }

        if (creates.Count == 0 && changes.Count == 0 && leftAlone.Count == 0)
        {
            return result with { Plan = result.Plan with { Scripts = new ScriptPlan([], [], []) } };
        }

        var actions = result.Plan.Actions.ToList();
        var firstNonCreate = actions.FindIndex(a => a.Kind != PlanActionKind.Create);
        actions.InsertRange(firstNonCreate < 0 ? actions.Count : firstNonCreate, creates);
        var firstRemove = actions.FindIndex(a => a.Kind == PlanActionKind.Remove);
        actions.InsertRange(firstRemove < 0 ? actions.Count : firstRemove, changes.OrderBy(a => a.Path, StringComparer.Ordinal));
        var plan = result.Plan with
        {
            Actions = actions,
            Inputs = [.. context.Inputs.Select(kv => new PlanInput(kv.Key, kv.Value))],
            Summary = result.Plan.Summary with { ScriptWrappers = changes.Count(a => a.Kind == PlanActionKind.Wrapper) },
            Scripts = new ScriptPlan(groups, proposals, [.. leftAlone.OrderBy(l => l.Path, StringComparer.Ordinal)]),
        };
        return result with { Plan = plan, ProposedFiles = proposed };
    }

    /// <summary>Why a script cannot be run through a wrapper unchanged, or null.</summary>
    private static string? WrapperBlocker(string text) =>
        ScriptParameterizer.Shebang(text) is not { } shebang ? "no #! line: the interpreter its callers use is unknown"
        : !SafeShebang().IsMatch(shebang) ? "its #! line is not a plain interpreter path with simple arguments"
        : ScriptParameterizer.SelfLocation(text);

    /// <summary>An interpreter path and simple arguments: the wrapper writes them into a command line, so nothing the shell would interpret.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^#!\s*/[A-Za-z0-9_./+-]+(\s+[A-Za-z0-9_./+=-]+)*\s*$")]
    private static partial System.Text.RegularExpressions.Regex SafeShebang();

    /// <summary>A wrapper action: exports the values, then execs the target with the interpreter of its #! line and the same arguments.</summary>
    private PlanAction Wrapper(string path, string target, string shebang, IReadOnlyList<(string Name, string Value)> values, string reason)
    {
        context.RecordInput(path);
        var relative = Path.GetRelativePath("/r/" + RepoDirectory(path), "/r/" + target).Replace('\\', '/');
        var lines = new List<string> { "#!/bin/sh", $"# infradedup: {reason}." };
        lines.AddRange(values.Select(v => $"export {v.Name}={ScriptParameterizer.Quote(v.Value)}"));
        lines.Add($"exec {shebang[2..].Trim()} \"$(dirname \"$0\")\"/{ScriptParameterizer.Quote(relative)} \"$@\"");
        var content = string.Join('\n', lines) + "\n";
        return new PlanAction
        {
            Kind = PlanActionKind.Wrapper,
            Path = path,
            ExpectedSha256 = context.Inputs[path],
            Content = content,
            Sha256 = Planner.Sha256(content),
            Target = target,
            Reason = reason,
        };
    }

    /// <summary>The replacement of a script by a master command: its own cd lines (so relative paths keep their meaning), then the command.</summary>
    private static string ReplacementText(string path, MasterCommandMatch match)
    {
        var lines = new List<string>
        {
            "#!/bin/sh",
            $"# infradedup (plan --scripts): {path} was {match.Replaced}",
            $"# which 'infradedup {match.Master.ToString().ToLowerInvariant()}' does. A behaviour change for review, not a proof.",
            "set -e",
        };
        lines.AddRange(match.Preamble);
        lines.Add("exec " + match.Command);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary><c>scripts/shared/NAME.ext</c> for a family, NAME from its canonical member's file name; unused in the tree and this run.</summary>
    private string SharedPath(string member)
    {
        var file = member[(member.LastIndexOf('/') + 1)..];
        var dot = file.LastIndexOf('.');
        var stem = dot > 0 ? file[..dot] : file;
        var extension = dot > 0 ? file[dot..] : string.Empty;
        var candidate = SharedScriptFolder + "/" + stem + extension;
        for (var n = 2; context.Files.ContainsKey(candidate) || !_reserved.Add(candidate); n++)
        {
            candidate = $"{SharedScriptFolder}/{stem}-{n}{extension}";
        }

        return candidate;
    }

    private static bool IsBackupCopy(string path) =>
        path.Split('/').SkipLast(1).Any(segment => segment.ToLowerInvariant() is "backup" or "backups" or "archive" or "archives" or "old" or "attic" or "deprecated");

    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);

    private static string RepoDirectory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
