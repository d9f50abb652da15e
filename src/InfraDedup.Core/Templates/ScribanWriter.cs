using System.Text;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Writes Scriban source: literal text is escaped so Scriban prints it verbatim (<c>{{</c> and <c>{%</c> would open code or
/// an escape block, and a <c>{</c> right before a code block would join it), code blocks print parameters, and control
/// lines (<c>{{~ if … ~}}</c>) take no room in the output.
/// </summary>
internal sealed class ScribanWriter
{
    private readonly StringBuilder _source = new();
    private readonly StringBuilder _pending = new();

    /// <summary>Appends literal text.</summary>
    public ScribanWriter Text(string text)
    {
        _pending.Append(text);
        return this;
    }

    /// <summary>Appends a code block that prints an expression: <c>{{ name }}</c>.</summary>
    public ScribanWriter Print(string expression)
    {
        Flush(followedByCode: true);
        _source.Append("{{ ").Append(expression).Append(" }}");
        return this;
    }

    /// <summary>
    /// Appends a statement on a line of its own that prints nothing: the <c>~</c> markers drop the line's own newline but
    /// keep the previous line's newline and the next line's indentation.
    /// </summary>
    public ScribanWriter Control(string statement)
    {
        Flush(followedByCode: true);
        _source.Append("{{~ ").Append(statement).Append(" ~}}\n");
        return this;
    }

    public override string ToString()
    {
        Flush(followedByCode: false);
        return _source.ToString();
    }

    /// <summary>A Scriban string literal for a value (double quotes, backslash escapes).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private void Flush(bool followedByCode)
    {
        var text = _pending;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var opensCode = c == '{' && (next is '{' or '%' || (i + 1 == text.Length && followedByCode));
            if (opensCode)
            {
                _source.Append("{{ \"{\" }}");
            }
            else
            {
                _source.Append(c);
            }
        }

        _pending.Clear();
    }
}
