using System.Text.RegularExpressions;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>
/// Whether BuildKit accepts a Dockerfile: its parser errors first (those stop BuildKit before anything else), then the
/// checks BuildKit makes when it turns each parsed instruction into a command (unknown keywords, argument counts,
/// HEALTHCHECK types, stage names, instructions before the first FROM). A file with any of these is invalid: it does
/// not build, so it is reported (scan, lint DL1000, plan) and never rewritten.
/// </summary>
/// <remarks>
/// Deliberately not checked: flag names and duration values, which depend on the Dockerfile frontend version
/// (<c># syntax=</c>) and would turn a newer, valid file into a false report.
/// </remarks>
public static partial class InstructionChecks
{
    /// <summary>The error BuildKit reports first for <paramref name="document"/>, or null when it accepts the file.</summary>
    public static DockerfileDiagnostic? FirstError(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Errors.Count > 0 ? document.Errors[0] : InstructionErrors(document).FirstOrDefault();
    }

    /// <summary>True when BuildKit rejects the document (a parser or an instruction error).</summary>
    public static bool IsInvalid(DockerfileDocument document) => FirstError(document) is not null;

    /// <summary>Instruction-level errors in file order (the parser accepted these instructions; BuildKit's build does not).</summary>
    public static IEnumerable<DockerfileDiagnostic> InstructionErrors(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var inStage = false;
        foreach (var instruction in document.Instructions)
        {
            var lower = DockerfileKeywords.KnownLower(instruction.Keyword);
            var problem = lower switch
            {
                null => $"unknown instruction: {instruction.Keyword} (BuildKit knows no such instruction; is this text from another file?)",
                "from" => null,
                "arg" => null,
                _ when !inStage => $"{instruction.Name} before the first FROM: no build stage in current context",
                _ => null,
            } ?? Check(instruction, lower!);
            if (problem is not null)
            {
                yield return new DockerfileDiagnostic(document.Path, Math.Max(instruction.Span.StartLine, 1), Math.Max(instruction.Span.StartColumn, 1), problem);
            }

            inStage |= lower == "from";
        }
    }

    /// <summary>What BuildKit refuses in one known instruction, or null.</summary>
    private static string? Check(DockerfileInstruction instruction, string lower)
    {
        var name = instruction.Name;
        var count = instruction.Arguments.Count;
        return instruction switch
        {
            FromInstruction from => CheckFrom(from),
            KeyValueInstruction kv when kv.Pairs.Count == 0 => $"{name} requires at least one argument",
            KeyValueInstruction kv when kv.Pairs.Any(p => p.Key.Length == 0) => $"{name} names can not be blank",
            HealthcheckInstruction health => CheckHealthcheck(health),
            OnbuildInstruction onbuild => CheckOnbuild(onbuild),
            FileTransferInstruction when count < 2 => $"{name} requires at least two arguments (sources and a destination)",
            _ => lower switch
            {
                "workdir" or "user" or "stopsignal" or "maintainer" when count != 1 => $"{name} requires exactly one argument",
                "expose" or "volume" or "arg" when count == 0 => $"{name} requires at least one argument",
                "volume" when instruction.Arguments.Any(a => a.Trim().Length == 0) => "VOLUME specified can not be an empty string",
                "shell" when !instruction.IsJson => "SHELL requires the arguments to be in JSON form",
                _ => null,
            },
        };
    }

    private static string? CheckFrom(FromInstruction from)
    {
        var args = from.Arguments;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            return StageName().IsMatch(args[2].ToLowerInvariant())
                ? null
                : $"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols";
        }

        return args.Count == 1 ? null : "FROM requires either one or three arguments";
    }

    private static string? CheckHealthcheck(HealthcheckInstruction health)
    {
        if (health.Type is not { } type)
        {
            return "HEALTHCHECK requires at least one argument";
        }

        if (type.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return health.Command.Count == 0 ? null : "HEALTHCHECK NONE takes no arguments";
        }

        if (!type.Equals("CMD", StringComparison.OrdinalIgnoreCase))
        {
            return $"unknown type \"{type.ToUpperInvariant()}\" in HEALTHCHECK (try CMD); a line continued (\\) into the next instruction?";
        }

        return health.Command.Count == 0 ? "missing command after HEALTHCHECK CMD" : null;
    }

    private static string? CheckOnbuild(OnbuildInstruction onbuild)
    {
        if (onbuild.Inner is not { } inner)
        {
            return "ONBUILD requires at least one argument";
        }

        return DockerfileKeywords.KnownLower(inner.Keyword) switch
        {
            "onbuild" => "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            "maintainer" or "from" => $"{inner.Name} isn't allowed as an ONBUILD trigger",
            null => $"unknown instruction: {inner.Keyword}",
            _ => null,
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9-_.]*$")]
    private static partial Regex StageName();
}
