using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>
/// Parses Dockerfiles exactly as BuildKit's <c>frontend/dockerfile/parser</c> does, while keeping every
/// byte of the source (comments, blank lines, continuations, heredoc bodies) so the input can be printed back.
/// Never throws: problems are reported in <see cref="DockerfileDocument.Diagnostics"/>.
/// </summary>
public static class DockerfileParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses decoded text.</summary>
    public static DockerfileDocument Parse(string text, string? path = null) =>
        SafeParse(text ?? string.Empty, path, DockerfileEncoding.Utf8);

    /// <summary>Parses raw bytes: strict UTF-8 when valid, otherwise Latin-1 so any byte sequence round-trips.</summary>
    public static DockerfileDocument Parse(ReadOnlySpan<byte> bytes, string? path = null)
    {
        string text;
        var encoding = DockerfileEncoding.Utf8;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
            encoding = DockerfileEncoding.Latin1Fallback;
        }

        return SafeParse(text, path, encoding);
    }

    /// <summary>Parses raw bytes (see <see cref="Parse(ReadOnlySpan{byte}, string?)"/>).</summary>
    public static DockerfileDocument Parse(byte[] bytes, string? path = null) => Parse((bytes ?? []).AsSpan(), path);

    private static DockerfileDocument SafeParse(string text, string? path, DockerfileEncoding encoding)
    {
        try
        {
            return new ParserState(text, path, encoding).Run();
        }
        catch (Exception ex)
        {
            // Defensive: a bug must not escape as an exception. Keep the text losslessly.
            var doc = new DockerfileDocument { Text = text, Path = path, Encoding = encoding };
            var trivia = new DockerfileTrivia(DockerfileElementKind.Unparsed) { RawText = text, Span = new SourceSpan(1, 1, 1, 1, 0, text.Length) };
            doc.Elements = [trivia];
            doc.Diagnostics = [new DockerfileDiagnostic(path, 1, 1, "internal parser error: " + ex.Message)];
            return doc;
        }
    }

    internal static DockerfileHeredoc? ParseHeredocWord(string word) => ParserState.ParseHeredoc(word, out _);

    private sealed class ParserState
    {
        private const int MaxLineBytes = 65536;
        private readonly string _text;
        private readonly string? _path;
        private readonly DockerfileEncoding _encoding;
        private readonly bool _latin1;
        private readonly List<(int Start, int End)> _lines = [];
        private readonly List<DockerfileElement> _elements = [];
        private readonly List<DockerfileInstruction> _instructions = [];
        private readonly List<DockerfileDiagnostic> _diagnostics = [];
        private readonly List<DockerfileDirective> _directives = [];
        private readonly HashSet<string> _seenDirectives = [];
        private readonly int _bomLength;
        private int _next;
        private bool _directivesDone;
        private bool _scannerFailed;
        private char _escape = '\\';

        public ParserState(string text, string? path, DockerfileEncoding encoding)
        {
            _text = text;
            _path = path;
            _encoding = encoding;
            _latin1 = encoding == DockerfileEncoding.Latin1Fallback;
            var start = 0;
            while (start < text.Length)
            {
                var nl = text.IndexOf('\n', start);
                var end = nl < 0 ? text.Length : nl + 1;
                _lines.Add((start, end));
                start = end;
            }

            if (_latin1)
            {
                _bomLength = text.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal) ? 3 : 0;
            }
            else
            {
                _bomLength = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            }
        }

        private ReadOnlySpan<char> RawLine(int i) => _text.AsSpan(_lines[i].Start, _lines[i].End - _lines[i].Start);

        private static ReadOnlySpan<char> TrimNewline(ReadOnlySpan<char> s) => s.TrimEnd("\r\n");

        private bool IsComment(ReadOnlySpan<char> line)
        {
            var t = GoText.TrimLeftSpace(line, _latin1);
            return t.Length > 0 && t[0] == '#';
        }

        private bool TryNextLine(out int index)
        {
            index = _next;
            if (_scannerFailed || _next >= _lines.Count)
            {
                return false;
            }

            var content = _text.AsSpan(_lines[_next].Start, _lines[_next].End - _lines[_next].Start);
            if (content.Length > 0 && content[^1] == '\n')
            {
                content = content[..^1];
            }

            var bytes = _latin1 ? content.Length : Encoding.UTF8.GetByteCount(content);
            if (bytes >= MaxLineBytes)
            {
                _scannerFailed = true;
                return false;
            }

            _next++;
            return true;
        }

        public DockerfileDocument Run()
        {
            var root = new BuildKitNode { StartLine = -1 };
            var children = new List<BuildKitNode>();
            List<string>? comments = null;
            string? fatal = null;
            var fatalLine = 0;
            var fatalFrom = -1;

            while (TryNextLine(out var li))
            {
                var raw = RawLine(li);
                if (li == 0)
                {
                    raw = raw[_bomLength..];
                }

                if (IsComment(raw))
                {
                    var comment = GoText.TrimSpace(raw[1..], _latin1).ToString();
                    if (comment.Length == 0)
                    {
                        comments = null;
                    }
                    else
                    {
                        (comments ??= []).Add(comment);
                    }
                }

                var token = GoText.TrimLeftSpace(TrimNewline(raw), _latin1);
                var (directiveOk, directiveError) = PossibleDirective(token, li + 1);
                if (directiveOk && comments is { Count: > 0 })
                {
                    comments.RemoveAt(comments.Count - 1);
                }

                if (directiveError is not null)
                {
                    fatal = directiveError;
                    fatalLine = li + 1;
                    fatalFrom = li;
                    break;
                }

                var content = IsComment(token) ? ReadOnlySpan<char>.Empty : token;
                var (first, eol) = TrimContinuation(content);
                if (eol && first.Length == 0)
                {
                    var kind = directiveOk ? DockerfileElementKind.Directive : IsComment(token) ? DockerfileElementKind.Comment : DockerfileElementKind.Blank;
                    var trivia = new DockerfileTrivia(kind);
                    if (kind == DockerfileElementKind.Comment)
                    {
                        trivia.Text = GoText.TrimSpace(token[1..], _latin1).ToString();
                    }
                    else if (kind == DockerfileElementKind.Directive)
                    {
                        trivia.DirectiveName = _directives[^1].Name;
                        trivia.Text = _directives[^1].Value;
                    }

                    AddElement(trivia, li, li + 1);
                    continue;
                }

                var startIdx = li;
                var buf = new StringBuilder();
                buf.Append(first);
                var hasEmptyContinuation = false;
                while (!eol && TryNextLine(out var ci))
                {
                    var craw = TrimNewline(RawLine(ci));
                    var (_, err) = PossibleDirective(craw, ci + 1);
                    if (err is not null)
                    {
                        fatal = err;
                        fatalLine = ci + 1;
                        break;
                    }

                    if (IsComment(craw))
                    {
                        continue;
                    }

                    if (GoText.TrimLeftSpace(craw, _latin1).Length == 0)
                    {
                        hasEmptyContinuation = true;
                        continue;
                    }

                    (var piece, eol) = TrimContinuation(craw);
                    buf.Append(piece);
                }

                if (fatal is not null)
                {
                    fatalFrom = startIdx;
                    break;
                }

                var line = buf.ToString();
                if (hasEmptyContinuation)
                {
                    _diagnostics.Add(new DockerfileDiagnostic(_path, _next, 1, "Empty continuation line found in: " + line, IsWarning: true));
                }

                var node = NewNodeFromLine(line, comments, out var nodeError);
                if (node is null)
                {
                    fatal = nodeError;
                    fatalLine = startIdx + 1;
                    fatalFrom = startIdx;
                    break;
                }

                if (CanContainHeredoc(node) && line.Contains("<<", StringComparison.Ordinal))
                {
                    var heredocs = HeredocsFromLine(line, out var hdError);
                    if (hdError is not null)
                    {
                        fatal = hdError;
                        fatalLine = startIdx + 1;
                        fatalFrom = startIdx;
                        break;
                    }

                    var done = new List<DockerfileHeredoc>();
                    foreach (var hd in heredocs)
                    {
                        var terminated = false;
                        var body = new StringBuilder();
                        while (TryNextLine(out var hi))
                        {
                            var hraw = RawLine(hi);
                            var possible = TrimNewline(hraw);
                            if (hd.Chomp)
                            {
                                possible = possible.TrimStart('\t');
                            }

                            if (possible.SequenceEqual(hd.Name))
                            {
                                terminated = true;
                                break;
                            }

                            body.Append(hraw);
                        }

                        if (!terminated)
                        {
                            fatal = "unterminated heredoc";
                            break;
                        }

                        done.Add(hd with { Content = body.ToString() });
                    }

                    if (fatal is not null)
                    {
                        fatalLine = startIdx + 1;
                        fatalFrom = startIdx;
                        break;
                    }

                    node.Heredocs = done;
                }

                node.StartLine = startIdx + 1;
                node.EndLine = _next;
                if (root.StartLine < 0)
                {
                    root.StartLine = node.StartLine;
                }

                root.EndLine = node.EndLine;
                children.Add(node);
                var instruction = DockerfileInstruction.Create(node, node.Value, _latin1);
                AddElement(instruction, startIdx, _next);
                _instructions.Add(instruction);
                comments = null;
            }

            if (fatal is null && _scannerFailed)
            {
                fatalFrom = _next;
            }

            if (fatalFrom >= 0 && fatalFrom < _lines.Count)
            {
                AddElement(new DockerfileTrivia(DockerfileElementKind.Unparsed), fatalFrom, _lines.Count);
            }

            if (fatal is not null)
            {
                _diagnostics.Add(new DockerfileDiagnostic(_path, Math.Max(fatalLine, 1), 1, fatal));
            }
            else if (root.StartLine < 0)
            {
                _diagnostics.Add(new DockerfileDiagnostic(_path, Math.Max(_next, 1), 1, "file with no instructions"));
            }
            else if (_scannerFailed)
            {
                _diagnostics.Add(new DockerfileDiagnostic(_path, _next + 1, 1, "dockerfile line greater than max allowed size of 65535"));
            }

            root.Children = children;
            return new DockerfileDocument
            {
                Path = _path,
                Text = _text,
                Encoding = _encoding,
                HasBom = _bomLength > 0,
                EscapeToken = _escape,
                Directives = _directives,
                Elements = _elements,
                Instructions = _instructions,
                Root = root,
                Diagnostics = _diagnostics,
            };
        }

        private void AddElement(DockerfileElement element, int fromLine, int toLineExclusive)
        {
            var start = _lines[fromLine].Start;
            var end = _lines[toLineExclusive - 1].End;
            element.RawText = _text[start..end];
            var firstContent = RawLine(fromLine);
            if (fromLine == 0)
            {
                firstContent = firstContent[_bomLength..];
            }

            var indent = firstContent.Length - GoText.TrimLeftSpace(TrimNewline(firstContent), _latin1).Length - (firstContent.Length - TrimNewline(firstContent).Length);
            var startColumn = (fromLine == 0 ? _bomLength : 0) + Math.Max(indent, 0) + 1;
            var lastContent = TrimNewline(RawLine(toLineExclusive - 1));
            element.Span = new SourceSpan(fromLine + 1, startColumn, toLineExclusive, lastContent.Length + 1, start, end);
            _elements.Add(element);
        }

        private (bool Ok, string? Error) PossibleDirective(ReadOnlySpan<char> line, int lineNumber)
        {
            if (_directivesDone)
            {
                return (false, null);
            }

            if (line.Length == 0 || line[0] != '#')
            {
                _directivesDone = true;
                return (false, null);
            }

            var rest = GoText.TrimLeftSpace(line[1..], _latin1);
            if (rest.Length == 0 || !char.IsAsciiLetter(rest[0]))
            {
                _directivesDone = true;
                return (false, null);
            }

            var n = 1;
            while (n < rest.Length && char.IsAsciiLetterOrDigit(rest[n]))
            {
                n++;
            }

            var name = rest[..n].ToString();
            var p = n;
            while (p < rest.Length && IsReSpace(rest[p]))
            {
                p++;
            }

            if (p >= rest.Length || rest[p] != '=')
            {
                _directivesDone = true;
                return (false, null);
            }

            var value = rest[(p + 1)..];
            if (value.Length == 0 || value.Contains('\n'))
            {
                _directivesDone = true;
                return (false, null);
            }

            var vs = 0;
            while (vs < value.Length - 1 && IsReSpace(value[vs]))
            {
                vs++;
            }

            value = value[vs..];
            var ve = value.Length;
            while (ve > 1 && IsReSpace(value[ve - 1]))
            {
                ve--;
            }

            value = value[..ve];
            var key = name.ToLowerInvariant();
            if (key is not ("syntax" or "escape" or "check"))
            {
                _directivesDone = true;
                return (false, null);
            }

            if (!_seenDirectives.Add(key))
            {
                return (false, "only one " + key + " parser directive can be used");
            }

            var v = value.ToString();
            _directives.Add(new DockerfileDirective(key, v, lineNumber));
            if (key == "escape")
            {
                if (v is not ("`" or "\\"))
                {
                    return (false, "invalid escape token '" + v + "' does not match ` or \\");
                }

                _escape = v[0];
            }

            return (true, null);
        }

        private static bool IsReSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

        private (string Line, bool EndOfLine) TrimContinuation(ReadOnlySpan<char> line)
        {
            var e = line.Length;
            while (e > 0 && line[e - 1] is ' ' or '\t')
            {
                e--;
            }

            if (e == 0 || line[e - 1] != _escape)
            {
                return (line.ToString(), true);
            }

            if (e == 1)
            {
                return (string.Empty, false);
            }

            if (line[e - 2] == _escape)
            {
                return (line.ToString(), true);
            }

            return (line[..(e - 1)].ToString(), false);
        }

        private BuildKitNode? NewNodeFromLine(string line, List<string>? comments, out string? error)
        {
            var trimmed = GoText.TrimSpace(line, _latin1).ToString();
            var parts = GoText.SplitTokenWhitespace(trimmed, 2);
            var cmd = parts[0];
            IReadOnlyList<string> flags = [];
            var args = string.Empty;
            if (parts.Count == 2)
            {
                (args, flags) = ExtractBuilderFlags(parts[1]);
            }

            args = GoText.TrimSpace(args, _latin1).ToString();
            error = null;
            BuildKitNode? next;
            var isJson = false;
            switch (cmd.ToLowerInvariant())
            {
                case "add":
                case "copy":
                case "volume":
                    next = ParseMaybeJsonToList(args, ref isJson, out error);
                    break;
                case "arg":
                    next = Chain(ParseWords(args));
                    break;
                case "cmd":
                case "entrypoint":
                case "run":
                case "shell":
                    next = ParseMaybeJson(args, ref isJson, out error);
                    break;
                case "env":
                    next = ParseNameVal(args, "ENV", out error);
                    break;
                case "label":
                    next = ParseNameVal(args, "LABEL", out error);
                    break;
                case "expose":
                case "from":
                    next = args.Length == 0 ? null : Chain(GoText.SplitTokenWhitespace(args, -1));
                    break;
                case "healthcheck":
                    next = ParseHealthConfig(args, ref isJson, out error);
                    break;
                case "maintainer":
                case "stopsignal":
                case "user":
                case "workdir":
                    next = args.Length == 0 ? null : new BuildKitNode { Value = args };
                    break;
                case "onbuild":
                    if (args.Length == 0)
                    {
                        next = null;
                    }
                    else
                    {
                        var child = NewNodeFromLine(args, null, out error);
                        if (child is null)
                        {
                            return null;
                        }

                        next = new BuildKitNode { Children = [child] };
                    }

                    break;
                default:
                    next = new BuildKitNode();
                    break;
            }

            if (error is not null)
            {
                return null;
            }

            return new BuildKitNode
            {
                Value = cmd,
                Original = line,
                Flags = flags,
                ArgumentText = args,
                Next = next,
                IsJson = isJson,
                PrevComment = comments is null ? [] : [.. comments],
            };
        }

        private static BuildKitNode? Chain(IEnumerable<string> values)
        {
            BuildKitNode? head = null;
            BuildKitNode? prev = null;
            foreach (var v in values)
            {
                var n = new BuildKitNode { Value = v };
                if (prev is null)
                {
                    head = n;
                }
                else
                {
                    prev.Next = n;
                }

                prev = n;
            }

            return head;
        }

        private byte[] ToBytes(string s) => GoText.ToGoBytes(s, _latin1);

        private string FromBytes(ReadOnlySpan<byte> b) => _latin1 ? Encoding.Latin1.GetString(b) : Encoding.UTF8.GetString(b);

        private string WidenedToDoc(StringBuilder widened) =>
            _latin1 ? Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(widened.ToString())) : widened.ToString();

        /// <summary>Byte-wise flag scanner, as BuildKit's extractBuilderFlags.</summary>
        private (string Remainder, IReadOnlyList<string> Flags) ExtractBuilderFlags(string text)
        {
            var line = ToBytes(text);
            var words = new List<string>();
            const int InSpaces = 0, InWord = 1, InQuote = 2;
            var phase = InSpaces;
            var word = new StringBuilder();
            var quote = (byte)0;
            var blankOk = false;
            byte ch = 0;
            for (var pos = 0; pos <= line.Length; pos++)
            {
                if (pos != line.Length)
                {
                    ch = line[pos];
                }

                if (phase == InSpaces)
                {
                    if (pos == line.Length)
                    {
                        break;
                    }

                    if (GoText.IsSpace((char)ch))
                    {
                        continue;
                    }

                    if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                    {
                        return (FromBytes(line.AsSpan(pos)), words);
                    }

                    phase = InWord;
                }

                if (phase is InWord or InQuote && pos == line.Length)
                {
                    if (!IsDoubleDash(word) && (blankOk || word.Length > 0))
                    {
                        words.Add(WidenedToDoc(word));
                    }

                    break;
                }

                if (phase == InWord)
                {
                    if (GoText.IsSpace((char)ch))
                    {
                        phase = InSpaces;
                        if (IsDoubleDash(word))
                        {
                            return (FromBytes(line.AsSpan(pos)), words);
                        }

                        if (blankOk || word.Length > 0)
                        {
                            words.Add(WidenedToDoc(word));
                        }

                        word.Clear();
                        blankOk = false;
                        continue;
                    }

                    if (ch is (byte)'\'' or (byte)'"')
                    {
                        quote = ch;
                        blankOk = true;
                        phase = InQuote;
                        continue;
                    }

                    if (ch == '\\')
                    {
                        if (pos + 1 == line.Length)
                        {
                            continue;
                        }

                        pos++;
                        ch = line[pos];
                    }

                    word.Append((char)ch);
                    continue;
                }

                if (phase == InQuote)
                {
                    if (ch == quote)
                    {
                        phase = InWord;
                        continue;
                    }

                    if (ch == '\\')
                    {
                        if (pos + 1 == line.Length)
                        {
                            phase = InWord;
                            continue;
                        }

                        pos++;
                        ch = line[pos];
                    }

                    word.Append((char)ch);
                }
            }

            return (string.Empty, words);
        }

        private static bool IsDoubleDash(StringBuilder sb) => sb.Length == 2 && sb[0] == '-' && sb[1] == '-';

        private List<string> ParseWords(string rest)
        {
            var words = new List<string>();
            const int InSpaces = 0, InWord = 1, InQuote = 2;
            var phase = InSpaces;
            var word = new StringBuilder();
            var quote = '\0';
            var blankOk = false;
            var ch = '\0';
            for (var pos = 0; pos <= rest.Length; pos++)
            {
                if (pos != rest.Length)
                {
                    ch = rest[pos];
                }

                if (phase == InSpaces)
                {
                    if (pos == rest.Length)
                    {
                        break;
                    }

                    if (GoText.IsSpace(ch, _latin1))
                    {
                        continue;
                    }

                    phase = InWord;
                }

                if (phase is InWord or InQuote && pos == rest.Length)
                {
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                    }

                    break;
                }

                if (phase == InWord)
                {
                    if (GoText.IsSpace(ch, _latin1))
                    {
                        phase = InSpaces;
                        if (blankOk || word.Length > 0)
                        {
                            words.Add(word.ToString());
                        }

                        word.Clear();
                        blankOk = false;
                        continue;
                    }

                    if (ch is '\'' or '"')
                    {
                        quote = ch;
                        blankOk = true;
                        phase = InQuote;
                    }

                    if (ch == _escape)
                    {
                        if (pos + 1 == rest.Length)
                        {
                            continue;
                        }

                        word.Append(ch);
                        pos++;
                        ch = rest[pos];
                    }

                    word.Append(ch);
                    continue;
                }

                if (phase == InQuote)
                {
                    if (ch == quote)
                    {
                        phase = InWord;
                    }

                    if (ch == _escape && quote != '\'')
                    {
                        if (pos + 1 == rest.Length)
                        {
                            phase = InWord;
                            continue;
                        }

                        pos++;
                        word.Append(ch);
                        ch = rest[pos];
                    }

                    word.Append(ch);
                }
            }

            return words;
        }

        private BuildKitNode? ParseNameVal(string rest, string key, out string? error)
        {
            error = null;
            var words = ParseWords(rest);
            if (words.Count == 0)
            {
                return null;
            }

            if (!words[0].Contains('=', StringComparison.Ordinal))
            {
                var parts = GoText.SplitTokenWhitespace(rest, 2);
                if (parts.Count < 2)
                {
                    error = key + " must have two arguments";
                    return null;
                }

                return Chain([parts[0], parts[1], string.Empty]);
            }

            var values = new List<string>();
            foreach (var w in words)
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    error = "Syntax error - can't find = in " + GoText.Quote(w, _latin1) + ". Must be of the form: name=value";
                    return null;
                }

                values.Add(w[..eq]);
                values.Add(w[(eq + 1)..]);
                values.Add("=");
            }

            return Chain(values);
        }

        private JsonArrayResult ParseJson(string rest, out BuildKitNode? node)
        {
            node = null;
            var t = GoText.TrimLeftSpace(rest, _latin1);
            if (t.Length == 0 || t[0] != '[')
            {
                return JsonArrayResult.NotJson;
            }

            var result = GoJson.ParseStringArray(t.ToString(), out var values);
            if (result == JsonArrayResult.Ok)
            {
                if (_latin1)
                {
                    for (var i = 0; i < values.Count; i++)
                    {
                        values[i] = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(values[i]))));
                    }
                }

                node = Chain(values);
            }

            return result;
        }

        private const string NotStringArrayMessage = "when using JSON array syntax, arrays must be comprised of strings only";

        private BuildKitNode? ParseMaybeJson(string rest, ref bool isJson, out string? error)
        {
            error = null;
            if (rest.Length == 0)
            {
                return null;
            }

            switch (ParseJson(rest, out var node))
            {
                case JsonArrayResult.Ok:
                    isJson = true;
                    return node;
                case JsonArrayResult.NotStringArray:
                    error = NotStringArrayMessage;
                    return null;
                default:
                    return new BuildKitNode { Value = rest };
            }
        }

        private BuildKitNode? ParseMaybeJsonToList(string rest, ref bool isJson, out string? error)
        {
            error = null;
            switch (ParseJson(rest, out var node))
            {
                case JsonArrayResult.Ok:
                    isJson = true;
                    return node;
                case JsonArrayResult.NotStringArray:
                    error = NotStringArrayMessage;
                    return null;
                default:
                    return rest.Length == 0 ? null : Chain(GoText.SplitTokenWhitespace(rest, -1));
            }
        }

        private BuildKitNode? ParseHealthConfig(string rest, ref bool isJson, out string? error)
        {
            error = null;
            var b = ToBytes(rest);
            var sep = 0;
            while (sep < b.Length && !GoText.IsSpace((char)b[sep]))
            {
                sep++;
            }

            var next = sep;
            while (next < b.Length && GoText.IsSpace((char)b[next]))
            {
                next++;
            }

            if (sep == 0)
            {
                return null;
            }

            var typ = FromBytes(b.AsSpan(0, sep));
            var cmd = ParseMaybeJson(FromBytes(b.AsSpan(next)), ref isJson, out error);
            if (error is not null)
            {
                return null;
            }

            return new BuildKitNode { Value = typ, Next = cmd };
        }

        private static bool CanContainHeredoc(BuildKitNode node)
        {
            if (node.Value.Equals("onbuild", StringComparison.OrdinalIgnoreCase) && node.Next is { Children.Count: > 0 })
            {
                node = node.Next.Children[0];
            }

            var v = node.Value.ToLowerInvariant();
            return v is "add" or "copy" or "run" && !node.IsJson;
        }

        private static List<DockerfileHeredoc> HeredocsFromLine(string line, out string? error)
        {
            error = null;
            var lexer = new ShellLexer('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
            lexer.TryProcess(line, static _ => null, out _, out var words, out _);
            var docs = new List<DockerfileHeredoc>();
            foreach (var word in words)
            {
                var hd = ParseHeredoc(word, out error);
                if (error is not null)
                {
                    return [];
                }

                if (hd is not null)
                {
                    docs.Add(hd);
                }
            }

            return docs;
        }

        /// <summary>BuildKit's ParseHeredoc: <c>^(\d*)&lt;&lt;(-?)([^&lt;]*)$</c> then quote analysis.</summary>
        internal static DockerfileHeredoc? ParseHeredoc(string src, out string? error)
        {
            error = null;
            var i = 0;
            while (i < src.Length && char.IsAsciiDigit(src[i]))
            {
                i++;
            }

            var digits = src[..i];
            if (!src.AsSpan(i).StartsWith("<<", StringComparison.Ordinal))
            {
                return null;
            }

            i += 2;
            var chomp = i < src.Length && src[i] == '-';
            if (chomp)
            {
                i++;
            }

            var rest = src[i..];
            if (rest.Contains('<', StringComparison.Ordinal) || rest.Length == 0)
            {
                return null;
            }

            ulong fd = 0;
            if (digits.Length > 0 && !ulong.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out fd))
            {
                fd = ulong.MaxValue;
            }

            var plain = new ShellLexer('\\') { SkipUnsetEnv = true };
            if (!plain.TryProcess(rest, static _ => null, out _, out var words, out var err1))
            {
                error = err1;
                return null;
            }

            if (words.Count != 1)
            {
                return null;
            }

            var rawLexer = new ShellLexer('\\') { SkipUnsetEnv = true, RawQuotes = true };
            if (!rawLexer.TryProcess(rest, static _ => null, out _, out var wordsRaw, out var err2))
            {
                error = err2;
                return null;
            }

            if (wordsRaw.Count != words.Count)
            {
                error = "internal lexing of heredoc produced inconsistent results: " + rest;
                return null;
            }

            static int Quotes(string s) => s.Count(c => c is '\'' or '"');
            return new DockerfileHeredoc(words[0], fd, Quotes(words[0]) == Quotes(wordsRaw[0]), chomp, string.Empty);
        }
    }
}

/// <summary>Test access to BuildKit's ParseHeredoc port.</summary>
internal static class HeredocParsing
{
    public static DockerfileHeredoc? Parse(string word) => DockerfileParser.ParseHeredocWord(word);
}
