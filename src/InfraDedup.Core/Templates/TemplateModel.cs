using System.Collections.ObjectModel;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;

namespace InfraDedup.Core.Templates;

/// <summary>One file to template: its repository-relative path (with '/') and its raw bytes.</summary>
public sealed record TemplateInput(string Path, byte[] Content)
{
    /// <summary>
    /// The group the file was found in (the planner passes its similarity family). Files of one seed are grouped among
    /// themselves first; groups of different seeds then merge only where the shared template costs less (see
    /// <see cref="TemplateInferrer"/>). Null: every file is its own seed's member of one common seed.
    /// </summary>
    public string? Seed { get; init; }

    /// <summary>
    /// The file already parsed (<c>DockerfileParser.Parse(Content, Path)</c>), when the caller has it: inference then
    /// does not parse every file a second time. Null: inference parses <see cref="Content"/> itself.
    /// </summary>
    public DockerfileDocument? Document { get; init; }
}

/// <summary>What kind of value a template parameter holds.</summary>
public enum TemplateValueKind
{
    String,
    Boolean,
    List,

    /// <summary>A list of records (string fields by name), for a loop over lines that differ in several places.</summary>
    Records,
}

/// <summary>
/// A parameter value: a string, a boolean (for conditionals), a list of strings (for loops), or a list of records for a
/// loop whose line has several holes (<c>component_unpack "{{ component.name }}" "{{ component.version }}"</c>).
/// </summary>
public sealed class TemplateValue : IEquatable<TemplateValue>
{
    private TemplateValue(TemplateValueKind kind, string? text, bool flag, IReadOnlyList<string>? items, IReadOnlyList<IReadOnlyDictionary<string, string>>? records = null)
    {
        Kind = kind;
        Text = text;
        Flag = flag;
        Items = items;
        Records = records;
    }

    public TemplateValueKind Kind { get; }

    /// <summary>The string, when <see cref="Kind"/> is <see cref="TemplateValueKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="TemplateValueKind.Boolean"/>.</summary>
    public bool Flag { get; }

    /// <summary>The items, when <see cref="Kind"/> is <see cref="TemplateValueKind.List"/>.</summary>
    public IReadOnlyList<string>? Items { get; }

    /// <summary>The records (field name → value, fields in order), when <see cref="Kind"/> is <see cref="TemplateValueKind.Records"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? Records { get; }

    public static TemplateValue Of(string text) => new(TemplateValueKind.String, text ?? throw new ArgumentNullException(nameof(text)), false, null);

    public static TemplateValue Of(bool flag) => new(TemplateValueKind.Boolean, null, flag, null);

    public static TemplateValue Of(IEnumerable<string> items) =>
        new(TemplateValueKind.List, null, false, new ReadOnlyCollection<string>([.. items ?? throw new ArgumentNullException(nameof(items))]));

    /// <summary>
    /// A list of records. An empty list is the empty list of strings: it renders alike and reads back from <c>[]</c> as one.
    /// </summary>
    public static TemplateValue OfRecords(IEnumerable<IReadOnlyDictionary<string, string>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.Select(r => (IReadOnlyDictionary<string, string>)new ReadOnlyDictionary<string, string>(r.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))).ToList();
        return list.Count == 0 ? Of(Array.Empty<string>()) : new(TemplateValueKind.Records, null, false, null, new ReadOnlyCollection<IReadOnlyDictionary<string, string>>(list));
    }

    public bool Equals(TemplateValue? other) =>
        other is not null && Kind == other.Kind && Text == other.Text && Flag == other.Flag
        && (Items is null ? other.Items is null : other.Items is not null && Items.SequenceEqual(other.Items, StringComparer.Ordinal))
        && (Records is null ? other.Records is null : other.Records is not null && Records.Count == other.Records.Count
            && Records.Zip(other.Records).All(p => SameRecord(p.First, p.Second)));

    private static bool SameRecord(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as TemplateValue);

    public override int GetHashCode() => Kind switch
    {
        TemplateValueKind.String => HashCode.Combine(Kind, Text),
        TemplateValueKind.Boolean => HashCode.Combine(Kind, Flag),
        TemplateValueKind.Records => HashCode.Combine(Kind, Records!.Count),
        _ => HashCode.Combine(Kind, Items!.Count, Items.Count > 0 ? Items[0] : null),
    };

    public override string ToString() => Kind switch
    {
        TemplateValueKind.String => Text!,
        TemplateValueKind.Boolean => Flag ? "true" : "false",
        TemplateValueKind.Records => "[" + string.Join(", ", Records!.Select(r => "{" + string.Join(" ", r.Select(kv => kv.Key + "=" + kv.Value)) + "}")) + "]",
        _ => "[" + string.Join(", ", Items!) + "]",
    };
}

/// <summary>A named parameter of a template and the kind of value it takes.</summary>
public sealed record TemplateParameter(string Name, TemplateValueKind Kind);

/// <summary>How a generated file says it is generated.</summary>
public enum HeaderMode
{
    /// <summary>A one-line comment naming the template (after any parser directives).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("comment")]
    Comment,

    /// <summary>No header: the rendered file is byte for byte the original.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("none")]
    None,
}

/// <summary>Line ends of a rendered file.</summary>
public enum LineEnding
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("lf")]
    Lf,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("crlf")]
    Crlf,
}

/// <summary>
/// The byte-level layout a rendering is encoded with: templates are LF text; the file may carry a UTF-8 BOM, CRLF line
/// ends and may lack a final newline.
/// </summary>
public sealed record TextLayout(bool Bom = false, LineEnding LineEnding = LineEnding.Lf, bool FinalNewline = true)
{
    public static TextLayout Default { get; } = new();
}

/// <summary>One template inferred for a group of files.</summary>
public sealed record InferredTemplate(
    string Name,
    string Path,
    string Source,
    IReadOnlyList<TemplateParameter> Parameters,
    int Conditionals,
    int Loops,
    IReadOnlyList<string> MemberPaths)
{
    /// <summary>Lines of the template source.</summary>
    public int Lines => Source.Count(c => c == '\n');
}

/// <summary>How one file is rendered: which template, with which parameter values and layout.</summary>
public sealed record TemplateBinding(string Path, string TemplateName, IReadOnlyDictionary<string, TemplateValue> Parameters)
{
    /// <summary>BOM, line ends and final newline of the original file.</summary>
    public TextLayout Layout { get; init; } = TextLayout.Default;
}

/// <summary>A file the engine left alone, and why.</summary>
public sealed record NotTemplated(string Path, string Reason);

/// <summary>The trade-off of one template: what it covers and what it costs a reader.</summary>
public sealed record TemplateTradeOffEntry(string Template, int Members, int Parameters, int Conditionals, int Loops, int TemplateLines, int OriginalLines);

/// <summary>Templates, parameters and conditionals against the files they replace.</summary>
public sealed record TemplateTradeOff(int InputFiles, int TemplatedFiles, int Templates, int Parameters, int Conditionals, int TemplateLines, int OriginalLines, IReadOnlyList<TemplateTradeOffEntry> PerTemplate)
{
    /// <summary>A one-line summary for reports.</summary>
    public string Describe() =>
        $"{TemplatedFiles}/{InputFiles} files from {Templates} template(s): {Parameters} parameters, {Conditionals} conditionals, "
        + $"{TemplateLines} template lines for {OriginalLines} original lines";
}

/// <summary>The result of <see cref="TemplateInferrer.Infer"/>: templates, a binding per templated file, the rest with reasons.</summary>
public sealed record TemplateInferenceResult(
    IReadOnlyList<InferredTemplate> Templates,
    IReadOnlyList<TemplateBinding> Bindings,
    IReadOnlyList<NotTemplated> NotTemplated,
    TemplateTradeOff TradeOff)
{
    /// <summary>
    /// Each binding's rendering with the comment header, as the proof rendered it (<c>TemplateRenderer.Render(template,
    /// binding, HeaderMode.Comment)</c>), so the planner need not render every file again. The proof kept only renderings
    /// whose effective image spec (no build args, last stage) equals the original's, so the planner's proof with no
    /// build args need not parse and evaluate the rendering again either. Empty when the effective-image proof is off.
    /// </summary>
    internal IReadOnlyDictionary<string, byte[]> RenderedWithHeader { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);
}

/// <summary>Options of <see cref="TemplateInferrer.Infer"/>.</summary>
public sealed record TemplateInferenceOptions
{
    /// <summary>Base name of the templates (the family); sub-families get a distinguishing suffix. Derived from paths when null.</summary>
    public string? FamilyName { get; init; }

    /// <summary>Repository-relative folder the templates are written to.</summary>
    public string TemplateDirectory { get; init; } = "docker/templates";

    /// <summary>When false, every file of the input goes into one template (no sub-family split).</summary>
    public bool SplitSubFamilies { get; init; } = true;

    /// <summary>Cost of one conditional block, in template lines, when deciding whether two sub-families share a template.</summary>
    public double ConditionalCost { get; init; } = 3;

    /// <summary>Whether every file's rendering with a comment header must keep the original's effective image spec.</summary>
    public bool VerifyEffectiveImage { get; init; } = true;

    /// <summary>Names already taken by other templates (the planner's other families); new names avoid them.</summary>
    public IReadOnlySet<string> ReservedNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
