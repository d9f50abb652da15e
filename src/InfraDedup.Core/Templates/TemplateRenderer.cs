using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace InfraDedup.Core.Templates;

/// <summary>
/// An error in a template (syntax, or a parameter it needs and the binding lacks), located at <c>template:line:col</c>.
/// A user-input error: the CLI prints it and exits with code 2.
/// </summary>
public sealed class TemplateException : UserInputException
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TemplateException(string message, string templatePath, int line, int column)
        : base(message, templatePath, line, column)
    {
    }
}

/// <summary>A parsed template, ready to render many bindings.</summary>
public sealed class CompiledTemplate
{
    private readonly Template _template;

    internal CompiledTemplate(string path, string source, Template template)
    {
        Path = path;
        Source = source;
        _template = template;
    }

    /// <summary>The template's repository-relative path (used in errors and in the generated-file header).</summary>
    public string Path { get; }

    public string Source { get; }

    /// <summary>Renders LF text: every line ends with '\n' as the template writes it.</summary>
    public string RenderText(IReadOnlyDictionary<string, TemplateValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var globals = new ScriptObject();
        foreach (var (name, value) in parameters)
        {
            globals[name] = value.Kind switch
            {
                TemplateValueKind.String => value.Text,
                TemplateValueKind.Boolean => value.Flag,
                TemplateValueKind.Records => ToArray(value.Records!),
                _ => ToArray(value.Items!),
            };
        }

        // Taken out while it renders: should a rendering ever fail, the context it leaves behind is not reused.
        var context = _idleContext ?? NewContext();
        _idleContext = null;
        context.PushGlobal(globals);
        try
        {
            var text = _template.Render(context);

            // Render emptied the output; with the globals popped the context is as new again (loop and local scopes are
            // popped as the template leaves them), so the next rendering on this thread takes it.
            context.PopGlobal();
            _idleContext = context;
            return text;
        }
        catch (ScriptRuntimeException e)
        {
            // A failed rendering leaves the context mid-template (output, scopes): it is dropped, never reused.
            var hint = e.OriginalMessage.Contains("was not found", StringComparison.Ordinal)
                ? "; give it a value in the parameters of this output's entry in the mapping"
                : string.Empty;
            throw new TemplateException(e.OriginalMessage + hint, Path, e.Span.Start.Line + 1, e.Span.Start.Column + 1);
        }
    }

    private static TemplateContext NewContext() => new(SharedBuiltins())
    {
        StrictVariables = true,
        NewLine = "\n",
        LoopLimit = 1_000_000,
        EnableRelaxedMemberAccess = false,
    };

    // A TemplateContext costs about 20 KB to create (its stacks, caches and output), more than rendering a Dockerfile
    // with it, and a plan renders every templated file to prove it. Each thread keeps the context of its last
    // successful rendering for its next one: the only state a rendering leaves in it is the globals pushed for it,
    // popped above.
    [ThreadStatic]
    private static TemplateContext? _idleContext;

    /// <summary>Renders a file: the template's text, the header if asked for, encoded with the layout.</summary>
    public byte[] Render(IReadOnlyDictionary<string, TemplateValue> parameters, TextLayout layout, HeaderMode header)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Encode(RenderText(parameters), layout, header);
    }

    /// <summary>The bytes of a rendered text (<see cref="RenderText"/>) with the header and layout applied, as <see cref="Render"/> writes them.</summary>
    internal byte[] Encode(string text, TextLayout layout, HeaderMode header)
    {
        if (header == HeaderMode.Comment)
        {
            text = TemplateRenderer.InsertHeader(text, Path);
        }

        return TextCodec.Encode(text, layout)
            ?? throw new TemplateException(
                "the rendering does not end with a newline, but the entry says the file has no final newline to drop; end the template with a newline or remove \"finalNewline\": false",
                Path,
                0,
                0);
    }

    [ThreadStatic]
    private static ScriptObject? _builtins;

    // A new TemplateContext deep-copies Scriban's built-in functions, which costs more than rendering a Dockerfile. The
    // built-ins are read-only to templates (assignments and loop variables go to the globals pushed above them), so each
    // thread keeps one copy for every rendering.
    private static ScriptObject SharedBuiltins() => _builtins ??= TemplateContext.GetDefaultBuiltinObject();

    private static ScriptArray ToArray(IReadOnlyList<string> items)
    {
        var array = new ScriptArray(items.Count);
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }

    // Records become script objects of strings: `component.version` reads a field without .NET accessors (AOT-safe).
    private static ScriptArray ToArray(IReadOnlyList<IReadOnlyDictionary<string, string>> records)
    {
        var array = new ScriptArray(records.Count);
        foreach (var record in records)
        {
            var item = new ScriptObject();
            foreach (var (field, text) in record)
            {
                item[field] = text;
            }

            array.Add(item);
        }

        return array;
    }
}

/// <summary>Renders templates with bindings: Scriban with strict variables, exact whitespace, optional header.</summary>
public static partial class TemplateRenderer
{
    private static readonly ConcurrentDictionary<(string Path, string Source), CompiledTemplate> Cache = new();

    /// <summary>The header line (without newline) that marks a generated file.</summary>
    public static string HeaderLine(string templatePath) =>
        $"# Generated by infradedup from {templatePath}; edit the template and run 'infradedup generate'.";

    /// <summary>Parses a template (cached by path and source); syntax errors throw <see cref="TemplateException"/>.</summary>
    public static CompiledTemplate Compile(string source, string templatePath)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(templatePath);
        return Cache.GetOrAdd((templatePath, source), key =>
        {
            var template = Template.Parse(key.Source, key.Path);
            var error = template.Messages.FirstOrDefault(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            if (error is not null)
            {
                throw new TemplateException(error.Message + " (fix the template syntax)", key.Path, error.Span.Start.Line + 1, error.Span.Start.Column + 1);
            }

            return new CompiledTemplate(key.Path, key.Source, template);
        });
    }

    /// <summary>Renders an inferred template with a binding.</summary>
    public static byte[] Render(InferredTemplate template, TemplateBinding binding, HeaderMode header)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(binding);
        return Compile(template.Source, template.Path).Render(binding.Parameters, binding.Layout, header);
    }

    /// <summary>Renders template source with parameters and layout.</summary>
    public static byte[] Render(string templateSource, string templatePath, IReadOnlyDictionary<string, TemplateValue> parameters, TextLayout layout, HeaderMode header) =>
        Compile(templateSource, templatePath).Render(parameters, layout, header);

    /// <summary>
    /// Inserts the header line into LF text after any leading parser directives (<c># syntax=…</c>, <c># escape=…</c>),
    /// which BuildKit only honours before the first comment.
    /// </summary>
    public static string InsertHeader(string text, string templatePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            var line = end < 0 ? text[at..] : text[at..end];
            if (!Directive().IsMatch(line) || end < 0)
            {
                break;
            }

            at = end + 1;
        }

        return text[..at] + HeaderLine(templatePath) + "\n" + text[at..];
    }

    [GeneratedRegex(@"^#[ \t]*[A-Za-z][A-Za-z0-9]*[ \t]*=[ \t]*\S")]
    private static partial Regex Directive();
}
