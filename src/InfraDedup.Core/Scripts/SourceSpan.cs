namespace InfraDedup.Core.Scripts;

/// <summary>A region of source text: UTF-16 offset and length, plus the 1-based line and column of its start.</summary>
public readonly record struct SourceSpan(int Offset, int Length, int Line, int Column)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Offset + Length;

    public override string ToString() => $"{Line}:{Column} [{Offset}..{End})";
}

/// <summary>A problem found while tokenizing (unterminated quote, missing heredoc end, ...). Tokenizers never throw.</summary>
public readonly record struct ScriptDiagnostic(string Message, int Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}

/// <summary>Turns offsets into line/column, moving forward only (tokens are produced in source order).</summary>
internal struct LineTracker
{
    private readonly string _source;
    private int _pos;
    private int _line;
    private int _column;

    public LineTracker(string source, int start, int line, int column)
    {
        _source = source;
        _pos = start;
        _line = line;
        _column = column;
    }

    public SourceSpan Span(int offset, int length)
    {
        Advance(offset);
        return new SourceSpan(offset, length, _line, _column);
    }

    private void Advance(int to)
    {
        while (_pos < to)
        {
            var rest = _source.AsSpan(_pos, to - _pos);
            var nl = rest.IndexOf('\n');
            if (nl < 0)
            {
                _column += rest.Length;
                _pos = to;
                return;
            }

            _line++;
            _column = 1;
            _pos += nl + 1;
        }
    }
}

/// <summary>Collects diagnostics by offset and resolves their line/column once tokenizing is done.</summary>
internal sealed class DiagnosticBag
{
    private List<(int Offset, string Message)>? _items;

    public void Add(int offset, string message) => (_items ??= []).Add((offset, message));

    public ScriptDiagnostic[] Resolve(string source, int start, int line, int column)
    {
        if (_items is null)
        {
            return [];
        }

        _items.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var tracker = new LineTracker(source, start, line, column);
        var result = new ScriptDiagnostic[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            var span = tracker.Span(_items[i].Offset, 0);
            result[i] = new ScriptDiagnostic(_items[i].Message, span.Offset, span.Line, span.Column);
        }

        return result;
    }
}
