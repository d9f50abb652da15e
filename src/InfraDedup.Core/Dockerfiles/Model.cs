using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>A parse error or warning; formatted <c>file:line:col: message</c>.</summary>
public sealed record DockerfileDiagnostic(string? Path, int Line, int Column, string Message, bool IsWarning = false)
{
    public override string ToString() => $"{Path ?? "Dockerfile"}:{Line}:{Column}: {Message}";
}

/// <summary>
/// A source range. Lines and columns are 1-based; columns count UTF-16 chars. Offsets are char offsets
/// into <see cref="DockerfileDocument.Text"/>; <see cref="EndOffset"/> is exclusive and includes the
/// final line terminator of the element.
/// </summary>
public readonly record struct SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartOffset, int EndOffset)
{
    public int Length => EndOffset - StartOffset;
}

/// <summary>How the input bytes were decoded.</summary>
public enum DockerfileEncoding
{
    /// <summary>Valid UTF-8 (the BOM, if any, is kept as U+FEFF).</summary>
    Utf8,

    /// <summary>Input was not valid UTF-8; each byte became one char (ISO-8859-1) so it round-trips.</summary>
    Latin1Fallback,
}

/// <summary>A heredoc attached to an instruction (BuildKit <c>parser.Heredoc</c>).</summary>
public sealed record DockerfileHeredoc(string Name, ulong FileDescriptor, bool Expand, bool Chomp, string Content);

/// <summary>
/// The raw BuildKit-shaped node (<c>parser.Node</c>): <see cref="Value"/>, a <see cref="Next"/> chain,
/// <see cref="Children"/> (root and ONBUILD), flags and attributes.
/// </summary>
public sealed class BuildKitNode
{
    // Chain nodes (argument values) only carry Value and Next; instruction, root and ONBUILD nodes keep the
    // rest in a side object so that the many value nodes stay small.
    private NodeDetails? _details;

    public string Value { get; internal set; } = string.Empty;

    public BuildKitNode? Next { get; internal set; }

    public IReadOnlyList<BuildKitNode> Children
    {
        get => _details?.Children ?? [];
        internal set => Details.Children = value;
    }

    public IReadOnlyList<DockerfileHeredoc> Heredocs
    {
        get => _details?.Heredocs ?? [];
        internal set => Details.Heredocs = value;
    }

    /// <summary>True when the arguments were given in JSON (exec) form (<c>Attributes["json"]</c>).</summary>
    public bool IsJson
    {
        get => _details?.IsJson ?? false;
        internal set => Details.IsJson = value;
    }

    /// <summary>The logical (continuation-joined) line the node was parsed from.</summary>
    public string Original
    {
        get => _details is null ? string.Empty : _details.Original.Get();
        internal set => Details.Original = new LazyText(value);
    }

    public IReadOnlyList<string> Flags
    {
        get => _details?.Flags ?? [];
        internal set => Details.Flags = value;
    }

    /// <summary>The argument text after the keyword and flags, trimmed (before any per-instruction parsing).</summary>
    public string ArgumentText
    {
        get => _details is null ? string.Empty : _details.ArgumentText.Get();
        internal set => Details.ArgumentText = new LazyText(value);
    }

    public int StartLine
    {
        get => _details?.StartLine ?? 0;
        internal set => Details.StartLine = value;
    }

    public int EndLine
    {
        get => _details?.EndLine ?? 0;
        internal set => Details.EndLine = value;
    }

    public IReadOnlyList<string> PrevComment
    {
        get => _details?.PrevComment ?? [];
        internal set => Details.PrevComment = value;
    }

    /// <summary>The values of the <see cref="Next"/> chain (excluding nested children); computed once.</summary>
    public IReadOnlyList<string> Arguments => Details.Arguments ??= ComputeArguments();

    private NodeDetails Details => _details ??= new NodeDetails();

    internal void SetOriginal(LazyText text) => Details.Original = text;

    internal void SetArgumentText(LazyText text) => Details.ArgumentText = text;

    private List<string> ComputeArguments()
    {
        var count = 0;
        for (var n = Next; n is not null; n = n.Next)
        {
            count++;
        }

        var list = new List<string>(count);
        for (var n = Next; n is not null; n = n.Next)
        {
            if (n.Children.Count == 0)
            {
                list.Add(n.Value);
            }
        }

        return list;
    }

    private sealed class NodeDetails
    {
        public IReadOnlyList<BuildKitNode> Children = [];
        public IReadOnlyList<DockerfileHeredoc> Heredocs = [];
        public IReadOnlyList<string> Flags = [];
        public IReadOnlyList<string> PrevComment = [];
        public IReadOnlyList<string>? Arguments;
        public LazyText Original;
        public LazyText ArgumentText;
        public int StartLine;
        public int EndLine;
        public bool IsJson;
    }
}

/// <summary>A string that is either known or a not-yet-copied slice of a larger string (materialized once, on demand).</summary>
internal struct LazyText
{
    private string? _value;
    private readonly string? _source;
    private readonly int _start;
    private readonly int _length;

    public LazyText(string value)
    {
        _value = value;
        _source = null;
        _start = 0;
        _length = 0;
    }

    public LazyText(string source, int start, int length)
    {
        _value = null;
        _source = source;
        _start = start;
        _length = length;
    }

    public string Get() => _value ??= _source is null ? string.Empty : _source.Substring(_start, _length);
}

/// <summary>The kinds of top-level source pieces.</summary>
public enum DockerfileElementKind
{
    Directive,
    Comment,
    Blank,
    Instruction,

    /// <summary>Text after a fatal parse error, kept verbatim.</summary>
    Unparsed,
}

/// <summary>A contiguous top-level piece of the source. The elements of a document tile the input exactly.</summary>
public abstract class DockerfileElement
{
    public abstract DockerfileElementKind Kind { get; }

    private string? _rawText;

    /// <summary>The exact source text of the element, including line terminators (and a BOM when first).</summary>
    public string RawText
    {
        get => _rawText ??= Source is null ? string.Empty : Source.Substring(Span.StartOffset, Span.Length);
        internal set => _rawText = value;
    }

    public SourceSpan Span { get; internal set; }

    /// <summary>The document text <see cref="RawText"/> is sliced from (by <see cref="Span"/>) when first asked for.</summary>
    internal string? Source { get; set; }

    internal void AppendRawText(StringBuilder sb)
    {
        if (_rawText is null && Source is not null)
        {
            sb.Append(Source, Span.StartOffset, Span.Length);
        }
        else
        {
            sb.Append(RawText);
        }
    }
}

/// <summary>A directive, comment, blank or unparsed piece.</summary>
public sealed class DockerfileTrivia : DockerfileElement
{
    internal DockerfileTrivia(DockerfileElementKind kind) => Kind = kind;

    public override DockerfileElementKind Kind { get; }

    /// <summary>For comments: the text after '#', trimmed. For directives: the directive value.</summary>
    public string Text { get; internal set; } = string.Empty;

    /// <summary>For directives: the lower-case name (syntax, escape, check).</summary>
    public string? DirectiveName { get; internal set; }
}

/// <summary>A parser directive (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>).</summary>
public sealed record DockerfileDirective(string Name, string Value, int Line);

/// <summary>A parsed document: ordered elements, the BuildKit root node, stages and diagnostics.</summary>
public sealed class DockerfileDocument
{
    internal DockerfileDocument()
    {
    }

    public string? Path { get; internal set; }

    /// <summary>The decoded source text (BOM included as U+FEFF, or as three chars in Latin-1 fallback).</summary>
    public string Text { get; internal set; } = string.Empty;

    public DockerfileEncoding Encoding { get; internal set; }

    public bool HasBom { get; internal set; }

    public char EscapeToken { get; internal set; } = '\\';

    public IReadOnlyList<DockerfileDirective> Directives { get; internal set; } = [];

    public IReadOnlyList<DockerfileElement> Elements { get; internal set; } = [];

    public IReadOnlyList<DockerfileInstruction> Instructions { get; internal set; } = [];

    /// <summary>The BuildKit root node (children = instructions); StartLine/EndLine as BuildKit sets them.</summary>
    public BuildKitNode Root { get; internal set; } = new();

    public IReadOnlyList<DockerfileDiagnostic> Diagnostics { get; internal set; } = [];

    public IReadOnlyList<DockerfileDiagnostic> Errors => [.. Diagnostics.Where(d => !d.IsWarning)];

    public bool HasErrors => Diagnostics.Any(d => !d.IsWarning);

    /// <summary>Instructions before the first FROM (global ARGs).</summary>
    public IReadOnlyList<DockerfileInstruction> GlobalInstructions => _globals ??= [.. Instructions.TakeWhile(i => i is not FromInstruction)];

    /// <summary>Build stages, one per FROM.</summary>
    public IReadOnlyList<DockerfileStage> Stages => _stages ??= ComputeStages();

    private IReadOnlyList<DockerfileInstruction>? _globals;
    private IReadOnlyList<DockerfileStage>? _stages;

    private List<DockerfileStage> ComputeStages()
    {
        var stages = new List<DockerfileStage>();
        FromInstruction? from = null;
        var body = new List<DockerfileInstruction>();
        foreach (var ins in Instructions)
        {
            if (ins is FromInstruction f)
            {
                if (from is not null)
                {
                    stages.Add(new DockerfileStage(stages.Count, from, body));
                }

                from = f;
                body = [];
            }
            else if (from is not null)
            {
                body.Add(ins);
            }
        }

        if (from is not null)
        {
            stages.Add(new DockerfileStage(stages.Count, from, body));
        }

        return stages;
    }

    /// <summary>Lossless print: the concatenation of all elements, equal to the input text.</summary>
    public string Print()
    {
        var sb = new StringBuilder(Text.Length);
        foreach (var e in Elements)
        {
            e.AppendRawText(sb);
        }

        return sb.ToString();
    }

    /// <summary>Lossless print to the original bytes (UTF-8 or Latin-1 fallback, BOM preserved).</summary>
    public byte[] PrintBytes()
    {
        var text = Print();
        return Encoding == DockerfileEncoding.Latin1Fallback ? System.Text.Encoding.Latin1.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Converts a char offset in <see cref="Text"/> to a byte offset in the original input.</summary>
    public int GetByteOffset(int charOffset) =>
        Encoding == DockerfileEncoding.Latin1Fallback ? charOffset : System.Text.Encoding.UTF8.GetByteCount(Text.AsSpan(0, charOffset));
}

/// <summary>One build stage: its FROM and the instructions up to the next FROM.</summary>
public sealed record DockerfileStage(int Index, FromInstruction From, IReadOnlyList<DockerfileInstruction> Instructions)
{
    public string? Name => From.StageName;
}
