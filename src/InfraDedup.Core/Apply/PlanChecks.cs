using System.Text;
using System.Text.Json;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Apply;

/// <summary>
/// Everything apply checks before it writes a byte: the plan's own consistency (paths, hashes of the contents it
/// carries, modes, one action per path), then the tree against the plan (every input's SHA-256, every action's
/// precondition, no path leaving the tree through a link).
/// </summary>
internal static class PlanChecks
{
    /// <summary>Throws (exit 2) naming the plan file and the action's line when the plan is not self-consistent.</summary>
    public static void ValidatePlan(Plan plan, string planFile, string? planText)
    {
        if (plan.Schema != Plan.SchemaId)
        {
            throw new UserInputException($"unsupported plan schema '{plan.Schema}' (expected '{Plan.SchemaId}'); make the plan with this version of infradedup", planFile, 1, 1);
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Actions.Count; i++)
        {
            var problem = ActionProblem(plan.Actions[i], paths);
            if (problem is not null)
            {
                throw new UserInputException(
                    $"action {i} {problem}; the plan was edited or damaged: make it again with 'infradedup plan'. Nothing was changed.",
                    planFile,
                    LineOf(planText, "actions", i),
                    1);
            }
        }

        for (var i = 0; i < plan.Inputs.Count; i++)
        {
            var input = plan.Inputs[i];
            var problem = input is null ? "is null"
                : TreePath.Problem(input.Path) is { } p ? $"path: {p}"
                : !Hashing.IsSha256(input.Sha256) ? $"({input.Path}): '{input.Sha256}' is not a SHA-256"
                : null;
            if (problem is not null)
            {
                throw new UserInputException($"input {i} {problem}; make the plan again with 'infradedup plan'. Nothing was changed.", planFile, LineOf(planText, "inputs", i), 1);
            }
        }
    }

    /// <summary>The problems of the tree against the plan, one line each (empty: apply may start).</summary>
    /// <summary>
    /// When none of the files the plan read exists under <paramref name="realRoot"/>, the plan was made for another
    /// folder (typically <c>apply --plan /repo/.infradedup/plan/plan.json</c> run from elsewhere, so PATH defaulted to
    /// the current directory): one sentence that says so, naming the folder the plan file sits in when the plan's
    /// files are there, instead of a "changed since the plan was made" line for every file.
    /// </summary>
    public static string? WrongFolder(string realRoot, Plan plan, string planFile)
    {
        if (plan.Inputs.Count == 0 || plan.Inputs.Any(input => Probe(realRoot, input.Path).Kind != EntryKind.Missing))
        {
            return null;
        }

        var message = $"none of the {plan.Inputs.Count} files the plan was made from exists under '{realRoot}': the plan was made for another folder. Give that folder as PATH";
        var marker = Path.DirectorySeparatorChar + ".infradedup" + Path.DirectorySeparatorChar;
        var planPath = Path.GetFullPath(planFile);
        var at = planPath.IndexOf(marker, StringComparison.Ordinal);
        if (at > 0)
        {
            var home = planPath[..at];
            if (!string.Equals(home, realRoot, StringComparison.Ordinal) && Probe(home, plan.Inputs[0].Path).Kind != EntryKind.Missing)
            {
                return message + $": infradedup apply {home} --plan {planFile}; nothing was changed.";
            }
        }

        return message + " (infradedup apply <folder> --plan <file>); nothing was changed.";
    }

    public static List<string> CheckTree(string realRoot, Plan plan, ScriptLinkMode links)
    {
        var problems = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in plan.Inputs)
        {
            var state = Probe(realRoot, input.Path);
            if (state.Kind != EntryKind.File || state.Sha256 != input.Sha256)
            {
                problems.Add($"{input.Path}: changed since the plan was made (expected SHA-256 {input.Sha256[..12]}…, found {state.Describe()})");
                reported.Add(input.Path);
            }
        }

        var produced = plan.Actions.Where(a => a.Kind != PlanActionKind.Remove).Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        var removed = plan.Actions.Where(a => a.Kind == PlanActionKind.Remove).Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            if (TreePath.EscapesThroughLink(realRoot, action.Path) is { } escape)
            {
                problems.Add(escape);
                continue;
            }

            var state = Probe(realRoot, action.Path);
            if (action.Kind == PlanActionKind.Create)
            {
                if (state.Kind != EntryKind.Missing)
                {
                    problems.Add($"{action.Path}: the plan creates it but it already exists ({state.Describe()}); move it away or make the plan again");
                }
            }
            else if ((state.Kind != EntryKind.File || state.Sha256 != action.ExpectedSha256) && !reported.Contains(action.Path))
            {
                problems.Add($"{action.Path}: changed since the plan was made (expected SHA-256 {action.ExpectedSha256![..12]}…, found {state.Describe()})");
            }

            if (action.Kind == PlanActionKind.Wrapper)
            {
                var target = Probe(realRoot, action.Target!);
                if (removed.Contains(action.Target!) || (target.Kind != EntryKind.File && !produced.Contains(action.Target!)))
                {
                    problems.Add($"{action.Path}: its wrapper target '{action.Target}' does not exist after apply ({target.Describe()} now)");
                }
                else if (links == ScriptLinkMode.Symlink && TreePath.EscapesThroughLink(realRoot, action.Target!) is { } targetEscape)
                {
                    problems.Add(targetEscape);
                }
            }
        }

        return problems;
    }

    /// <summary>Whether every path of the plan already holds its planned result (the plan was applied to this tree).</summary>
    public static bool LooksApplied(string realRoot, Plan plan, ScriptLinkMode links) =>
        plan.Actions.Count > 0 && plan.Actions.All(action =>
        {
            var state = Probe(realRoot, action.Path);
            return action.Kind switch
            {
                PlanActionKind.Remove => state.Kind == EntryKind.Missing,
                PlanActionKind.Wrapper when links == ScriptLinkMode.Symlink => state.Kind == EntryKind.Symlink,
                _ => state.Kind == EntryKind.File && state.Sha256 == action.Sha256,
            };
        });

    /// <summary>The content bytes an action writes (UTF-8 without BOM; a leading U+FEFF in the text stays a BOM).</summary>
    public static byte[] ContentBytes(PlanAction action) => new UTF8Encoding(false).GetBytes(action.Content ?? string.Empty);

    private static PathState Probe(string realRoot, string relative)
    {
        try
        {
            return PathState.Probe(TreePath.Full(realRoot, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read '{relative}': {IoErrors.Reason(e)}; nothing was changed.", relative);
        }
    }

    private static string? ActionProblem(PlanAction? action, HashSet<string> paths)
    {
        if (action is null)
        {
            return "is null";
        }

        if (TreePath.Problem(action.Path) is { } pathProblem)
        {
            return $"({action.Kind}): {pathProblem}";
        }

        var where = $"({action.Kind.ToString().ToLowerInvariant()} {action.Path})";
        if (!paths.Add(action.Path))
        {
            return $"{where}: another action already changes this path";
        }

        if (!Enum.IsDefined(action.Kind))
        {
            return $"{where}: unknown kind";
        }

        if (action.Kind != PlanActionKind.Create && !Hashing.IsSha256(action.ExpectedSha256))
        {
            return $"{where}: expectedSha256 '{action.ExpectedSha256}' is not a SHA-256";
        }

        if (action.Kind != PlanActionKind.Remove)
        {
            if (action.Content is null)
            {
                return $"{where}: has no content";
            }

            var actual = Hashing.Sha256(ContentBytes(action));
            if (action.Sha256 != actual)
            {
                return $"{where}: its content hashes to {actual[..12]}…, not to its sha256 '{action.Sha256}'";
            }

            if (action.Mode is not null && FileModes.Parse(action.Mode) is null)
            {
                return $"{where}: mode '{action.Mode}' is not an octal permission such as 0644";
            }
        }

        if (action.Kind == PlanActionKind.Wrapper)
        {
            if (TreePath.Problem(action.Target) is { } targetProblem)
            {
                return $"{where}: target: {targetProblem}";
            }

            if (action.Target == action.Path)
            {
                return $"{where}: a wrapper cannot target itself";
            }
        }

        return null;
    }

    /// <summary>The 1-based line of element <paramref name="index"/> of the top-level array <paramref name="property"/>, or 0.</summary>
    internal static int LineOf(string? json, string property, int index)
    {
        if (json is null)
        {
            return 0;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property))
                {
                    reader.Read();
                    var element = -1;
                    while (reader.Read() && reader.CurrentDepth > 1)
                    {
                        if (reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                        {
                            element++;
                            if (element == index)
                            {
                                return bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
                            }
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                    }

                    return 0;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // fall through: no line
        }

        return 0;
    }
}
