using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint;

/// <summary>What a rule sees of one Dockerfile: the parsed document, its RUN scripts, pragmas and configuration; and where it reports.</summary>
public sealed class LintContext
{
    private static readonly HashSet<string> NonPosixShells = new(StringComparer.OrdinalIgnoreCase)
    {
        "pwsh", "pwsh.exe", "powershell", "powershell.exe", "cmd", "cmd.exe",
    };

    private readonly List<LintFinding> _findings = [];
    private readonly Dictionary<DockerfileInstruction, int> _stageOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RunInstruction, RunScript> _scriptOf = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<RunScript>? _runs;

    internal LintContext(DockerfileDocument document, string file, LintConfig config)
    {
        Document = document;
        File = file;
        Config = config;
        Pragmas = LintPragmas.Parse(document);
        var stage = -1;
        foreach (var ins in document.Instructions)
        {
            if (ins is FromInstruction)
            {
                stage++;
            }

            _stageOf[ins] = stage;
        }
    }

    public DockerfileDocument Document { get; }

    /// <summary>The file name findings carry.</summary>
    public string File { get; }

    public LintConfig Config { get; }

    public LintPragmas Pragmas { get; }

    public IReadOnlyList<DockerfileStage> Stages => Document.Stages;

    public IReadOnlyList<DockerfileInstruction> Instructions => Document.Instructions;

    /// <summary>Every RUN (and ONBUILD RUN) with its shell commands, in source order.</summary>
    public IReadOnlyList<RunScript> Runs => _runs ??= BuildRuns();

    internal IReadOnlyList<LintFinding> Findings => _findings;

    /// <summary>The script of a (top-level) RUN instruction, or null.</summary>
    public RunScript? ScriptOf(RunInstruction run)
    {
        _ = Runs;
        return _scriptOf.GetValueOrDefault(run);
    }

    /// <summary>The stage index of an instruction (-1 before the first FROM).</summary>
    public int StageOf(DockerfileInstruction instruction) => _stageOf.TryGetValue(instruction, out var s) ? s : -1;

    /// <summary>Reports a finding about an instruction (its whole line range).</summary>
    public void Report(LintRule rule, DockerfileInstruction at, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(at);
        Report(rule, at.Span.StartLine, at.Span.StartColumn, Math.Max(at.Span.EndLine, at.Span.StartLine), message);
    }

    /// <summary>Reports a finding at a position.</summary>
    public void Report(LintRule rule, int line, int column, int endLine, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _findings.Add(new LintFinding(File, Math.Max(line, 1), Math.Max(column, 1), Math.Max(endLine, line), rule.Id, Config.SeverityOf(rule), message ?? rule.Description));
    }

    /// <summary>The first stage whose name (case-insensitive, as BuildKit compares) is <paramref name="name"/>, or null.</summary>
    public DockerfileStage? StageNamed(string name) =>
        Stages.FirstOrDefault(s => s.Name is not null && s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private List<RunScript> BuildRuns()
    {
        var list = new List<RunScript>();
        var filePosix = Pragmas.Shell is not { } shell || !NonPosixShells.Contains(ShellCommandFacts.Basename(shell));
        var posix = filePosix;
        foreach (var ins in Document.Instructions)
        {
            switch (ins)
            {
                case FromInstruction:
                    posix = filePosix;
                    break;
                case ShellInstruction sh when sh.CommandParts.Count > 0:
                    posix = filePosix && !NonPosixShells.Contains(ShellCommandFacts.Basename(sh.CommandParts[0]));
                    break;
                case RunInstruction run:
                    var script = new RunScript(run, run, StageOf(run), inOnbuild: false, posix);
                    _scriptOf[run] = script;
                    list.Add(script);
                    break;
                case OnbuildInstruction { Inner: RunInstruction inner } onbuild:
                    list.Add(new RunScript(inner, onbuild, StageOf(onbuild), inOnbuild: true, posix));
                    break;
            }
        }

        return list;
    }
}
