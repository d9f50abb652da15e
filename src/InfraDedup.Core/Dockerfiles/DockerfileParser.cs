using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            text = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = Encoding.Latin1.GetString(bytes);
                encoding = DockerfileEncoding.Latin1Fallback;
            }
        }

        return SafeParse(text, path, encoding);
    }

    /// <summary>Parses raw bytes (see <see cref="Parse(ReadOnlySpan{byte}, string?)"/>).</summary>
    public static DockerfileDocument Parse(byte[] bytes, string? path = null) => Parse((bytes ?? []).AsSpan(), path);

    private static DockerfileDocument SafeParse(string text, string? path, DockerfileEncoding encoding)
    {
        var state = new ParserState(text, path, encoding);
        try
        {
            return state.Run();
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
        finally
        {
            state.ReleaseBuffers();
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
        private readonly int[] _lineStarts;
        private readonly int _lineCount;
        private readonly List<DockerfileElement> _elements;
        private readonly List<DockerfileInstruction> _instructions;
        private readonly List<DockerfileDiagnostic> _diagnostics = [];
        private readonly List<DockerfileDirective> _directives = [];
        private readonly List<string> _comments = [];
        private readonly List<string> _jsonValues = [];
        private HashSet<string>? _seenDirectives;
        private List<(int Start, int Length)>? _wordRanges;
        private CharBuffer _joined;
        private CharBuffer _word;
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
            var span = text.AsSpan();
            var newlines = span.Count('\n');
            _lineCount = newlines + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);
            _lineStarts = ArrayPool<int>.Shared.Rent(_lineCount + 1);
            var start = 0;
            for (var i = 0; i < _lineCount; i++)
            {
                _lineStarts[i] = start;
                var nl = span[start..].IndexOf('\n');
                start = nl < 0 ? text.Length : start + nl + 1;
            }

            _lineStarts[_lineCount] = text.Length;
            _elements = new List<DockerfileElement>(_lineCount + 1);
            _instructions = new List<DockerfileInstruction>(_lineCount);

            if (_latin1)
            {
                _bomLength = text.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal) ? 3 : 0;
            }
            else
            {
                _bomLength = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            }
        }

        private ReadOnlySpan<char> RawLine(int i) => _text.AsSpan(_lineStarts[i], _lineStarts[i + 1] - _lineStarts[i]);

        public void ReleaseBuffers()
        {
            ArrayPool<int>.Shared.Return(_lineStarts);
            _joined.Dispose();
            _word.Dispose();
        }

        /// <summary>The char offset in <see cref="_text"/> of a span sliced from it.</summary>
        private int OffsetInText(ReadOnlySpan<char> slice) =>
            (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(_text.AsSpan()), ref MemoryMarshal.GetReference(slice)) / sizeof(char));

        private static ReadOnlySpan<char> TrimNewline(ReadOnlySpan<char> s) => s.TrimEnd("\r\n");

        private bool IsComment(ReadOnlySpan<char> line)
        {
            var t = GoText.TrimLeftSpace(line, _latin1);
            return t.Length > 0 && t[0] == '#';
        }

        private bool TryNextLine(out int index)
        {
            index = _next;
            if (_scannerFailed || _next >= _lineCount)
            {
                return false;
            }

            var content = RawLine(_next);
            if (content.Length > 0 && content[^1] == '\n')
            {
                content = content[..^1];
            }

            // A char is at most 3 UTF-8 bytes, so short lines need no byte count.
            var bytes = _latin1 || content.Length < MaxLineBytes / 3 ? content.Length : Encoding.UTF8.GetByteCount(content);
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
            var children = new List<BuildKitNode>(_lineCount);
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

                string? comment = null;
                if (IsComment(raw))
                {
                    var c = GoText.TrimSpace(raw[1..], _latin1);
                    if (c.Length == 0)
                    {
                        _comments.Clear();
                    }
                    else
                    {
                        comment = c.ToString();
                        _comments.Add(comment);
                    }
                }

                var token = GoText.TrimLeftSpace(TrimNewline(raw), _latin1);
                var (directiveOk, directiveError) = PossibleDirective(token, li + 1);
                if (directiveOk && _comments.Count > 0)
                {
                    _comments.RemoveAt(_comments.Count - 1);
                }

                if (directiveError is not null)
                {
                    fatal = directiveError;
                    fatalLine = li + 1;
                    fatalFrom = li;
                    break;
                }

                var content = IsComment(token) ? ReadOnlySpan<char>.Empty : token;
                var first = TrimContinuation(content, out var eol);
                if (eol && first.Length == 0)
                {
                    var kind = directiveOk ? DockerfileElementKind.Directive : IsComment(token) ? DockerfileElementKind.Comment : DockerfileElementKind.Blank;
                    var trivia = new DockerfileTrivia(kind);
                    if (kind == DockerfileElementKind.Comment)
                    {
                        var text = GoText.TrimSpace(token[1..], _latin1);
                        trivia.Text = comment is not null && text.SequenceEqual(comment) ? comment : text.ToString();
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
                var firstOffset = first.Length > 0 ? OffsetInText(first) : 0;
                var multiLine = false;
                if (!eol)
                {
                    _joined.Clear();
                    _joined.Append(first);
                }

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

                    var piece = TrimContinuation(craw, out eol);
                    _joined.Append(piece);
                    multiLine = true;
                }

                if (fatal is not null)
                {
                    fatalFrom = startIdx;
                    break;
                }

                // A single physical line is a slice of the text; joined continuation lines are copied once.
                string lineSource;
                int lineStart, lineLength;
                if (multiLine)
                {
                    lineSource = _joined.AsSpan().ToString();
                    lineStart = 0;
                    lineLength = lineSource.Length;
                }
                else
                {
                    lineSource = _text;
                    lineStart = firstOffset;
                    lineLength = first.Length;
                }

                var line = lineSource.AsSpan(lineStart, lineLength);
                if (hasEmptyContinuation)
                {
                    _diagnostics.Add(new DockerfileDiagnostic(_path, _next, 1, "Empty continuation line found in: " + line.ToString(), IsWarning: true));
                }

                var node = NewNodeFromLine(lineSource, lineStart, lineLength, true, out var nodeError);
                if (node is null)
                {
                    fatal = nodeError;
                    fatalLine = startIdx + 1;
                    fatalFrom = startIdx;
                    break;
                }

                if (line.Contains("<<", StringComparison.Ordinal) && CanContainHeredoc(node))
                {
                    var heredocs = HeredocsFromLine(node.Original, out var hdError);
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
                _comments.Clear();
            }

            if (fatal is null && _scannerFailed)
            {
                fatalFrom = _next;
            }

            if (fatalFrom >= 0 && fatalFrom < _lineCount)
            {
                AddElement(new DockerfileTrivia(DockerfileElementKind.Unparsed), fatalFrom, _lineCount);
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
            var start = _lineStarts[fromLine];
            var end = _lineStarts[toLineExclusive];
            element.Source = _text;
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

            if (!(_seenDirectives ??= []).Add(key))
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

        private ReadOnlySpan<char> TrimContinuation(ReadOnlySpan<char> line, out bool endOfLine)
        {
            var e = line.Length;
            while (e > 0 && line[e - 1] is ' ' or '\t')
            {
                e--;
            }

            endOfLine = true;
            if (e == 0 || line[e - 1] != _escape)
            {
                return line;
            }

            if (e == 1)
            {
                endOfLine = false;
                return line[..0];
            }

            if (line[e - 2] == _escape)
            {
                return line;
            }

            endOfLine = false;
            return line[..(e - 1)];
        }

        /// <summary>BuildKit's newNodeFromLine on <paramref name="source"/>[<paramref name="start"/>..+<paramref name="length"/>].</summary>
        private BuildKitNode? NewNodeFromLine(string source, int start, int length, bool withComments, out string? error)
        {
            var line = source.AsSpan(start, length);
            var left = GoText.TrimLeftSpace(line, _latin1);
            var trimmed = GoText.TrimRightSpace(left, _latin1);
            var trimmedStart = start + (line.Length - left.Length);

            // SplitTokenWhitespace(trimmed, 2): the keyword, then the rest after the first whitespace run.
            var cmdLength = trimmed.IndexOfAny(TokenWhitespace);
            var hasRest = cmdLength >= 0;
            if (!hasRest)
            {
                cmdLength = trimmed.Length;
            }

            var cmdSpan = trimmed[..cmdLength];
            var known = DockerfileKeywords.KnownLower(cmdSpan);
            IReadOnlyList<string> flags = [];
            string argsSource = string.Empty;
            int argsStart = 0, argsLength = 0;
            if (hasRest)
            {
                var restStart = cmdLength;
                while (restStart < trimmed.Length && GoText.IsTokenWhitespace(trimmed[restStart]))
                {
                    restStart++;
                }

                var rest = trimmed[restStart..];
                flags = ExtractBuilderFlags(source, trimmedStart + restStart, rest.Length, out argsSource, out argsStart, out argsLength);
            }

            var argsSpan = argsSource.AsSpan(argsStart, argsLength);
            var argsLeft = GoText.TrimLeftSpace(argsSpan, _latin1);
            argsStart += argsSpan.Length - argsLeft.Length;
            argsLength = GoText.TrimRightSpace(argsLeft, _latin1).Length;
            var args = new Slice(argsSource, argsStart, argsLength);
            error = null;
            BuildKitNode? next;
            var isJson = false;
            switch (known)
            {
                case "add":
                case "copy":
                case "volume":
                    next = ParseMaybeJsonToList(ref args, ref isJson, out error);
                    break;
                case "arg":
                    next = ParseWords(args.Span) == 0 ? null : ChainWords();
                    break;
                case "cmd":
                case "entrypoint":
                case "run":
                case "shell":
                    next = ParseMaybeJson(ref args, ref isJson, out error);
                    break;
                case "env":
                    next = ParseNameVal(ref args, "ENV", out error);
                    break;
                case "label":
                    next = ParseNameVal(ref args, "LABEL", out error);
                    break;
                case "expose":
                case "from":
                    next = args.Length == 0 ? null : ChainSplit(args.Span);
                    break;
                case "healthcheck":
                    next = ParseHealthConfig(ref args, ref isJson, out error);
                    break;
                case "maintainer":
                case "stopsignal":
                case "user":
                case "workdir":
                    next = args.Length == 0 ? null : new BuildKitNode { Value = args.String };
                    break;
                case "onbuild":
                    if (args.Length == 0)
                    {
                        next = null;
                    }
                    else
                    {
                        var child = NewNodeFromLine(args.Source, args.Start, args.Length, false, out error);
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

            var node = new BuildKitNode
            {
                Value = DockerfileKeywords.Intern(cmdSpan, known),
                Next = next,
            };
            node.SetOriginal(new LazyText(source, start, length));
            node.SetArgumentText(args.Lazy);
            if (flags.Count > 0)
            {
                node.Flags = flags;
            }

            if (isJson)
            {
                node.IsJson = true;
            }

            if (withComments && _comments.Count > 0)
            {
                node.PrevComment = [.. _comments];
            }

            return node;
        }

        private static readonly SearchValues<char> TokenWhitespace = SearchValues.Create("\t\v\f\r ");

        /// <summary>A slice of a string, copied into its own string at most once.</summary>
        private struct Slice(string source, int start, int length)
        {
            private string? _string;

            public readonly string Source => source;

            public readonly int Start => start;

            public readonly int Length => length;

            public readonly ReadOnlySpan<char> Span => source.AsSpan(start, length);

            public string String => _string ??= source.Substring(start, length);

            public readonly LazyText Lazy => _string is not null ? new LazyText(_string) : new LazyText(source, start, length);
        }

        private static BuildKitNode? Chain(List<string> values)
        {
            BuildKitNode? head = null;
            for (var i = values.Count - 1; i >= 0; i--)
            {
                head = new BuildKitNode { Value = values[i], Next = head };
            }

            return head;
        }

        /// <summary>Chains the words of the last <see cref="ParseWords"/> call.</summary>
        private BuildKitNode? ChainWords()
        {
            BuildKitNode? head = null;
            var ranges = _wordRanges!;
            for (var i = ranges.Count - 1; i >= 0; i--)
            {
                head = new BuildKitNode { Value = WordString(i), Next = head };
            }

            return head;
        }

        private string WordString(int i) => _word.AsSpan().Slice(_wordRanges![i].Start, _wordRanges[i].Length).ToString();

        /// <summary>Chain of <c>SplitTokenWhitespace(s, -1)</c>.</summary>
        private static BuildKitNode? ChainSplit(ReadOnlySpan<char> s)
        {
            BuildKitNode? head = null;
            BuildKitNode? tail = null;
            while (true)
            {
                var ws = s.IndexOfAny(TokenWhitespace);
                var piece = new BuildKitNode { Value = (ws < 0 ? s : s[..ws]).ToString() };
                if (tail is null)
                {
                    head = piece;
                }
                else
                {
                    tail.Next = piece;
                }

                tail = piece;
                if (ws < 0)
                {
                    return head;
                }

                var j = ws + 1;
                while (j < s.Length && GoText.IsTokenWhitespace(s[j]))
                {
                    j++;
                }

                s = s[j..];
            }
        }

        private byte[] ToBytes(string s) => GoText.ToGoBytes(s, _latin1);

        private string FromBytes(ReadOnlySpan<byte> b) => _latin1 ? Encoding.Latin1.GetString(b) : Encoding.UTF8.GetString(b);

        private string WidenedToDoc(StringBuilder widened) =>
            _latin1 ? Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(widened.ToString())) : widened.ToString();

        /// <summary>
        /// BuildKit's extractBuilderFlags on <paramref name="source"/>[<paramref name="start"/>..+<paramref name="length"/>].
        /// BuildKit scans bytes; for ASCII text chars and bytes coincide, so the scan runs on the chars without copying.
        /// </summary>
        private IReadOnlyList<string> ExtractBuilderFlags(string source, int start, int length, out string remainderSource, out int remainderStart, out int remainderLength)
        {
            var line = source.AsSpan(start, length);
            if (!Ascii.IsValid(line))
            {
                var (remainder, slowFlags) = ExtractBuilderFlagsBytes(line.ToString());
                remainderSource = remainder;
                remainderStart = 0;
                remainderLength = remainder.Length;
                return slowFlags;
            }

            remainderSource = source;
            remainderStart = start;
            remainderLength = 0;
            List<string>? words = null;
            const int InSpaces = 0, InWord = 1, InQuote = 2;
            var phase = InSpaces;
            _word.Clear();
            var quote = '\0';
            var blankOk = false;
            var ch = '\0';
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

                    if (GoText.IsSpace(ch))
                    {
                        continue;
                    }

                    if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                    {
                        remainderStart = start + pos;
                        remainderLength = length - pos;
                        return (IReadOnlyList<string>?)words ?? [];
                    }

                    phase = InWord;
                }

                if (phase is InWord or InQuote && pos == line.Length)
                {
                    if (!IsDoubleDash(_word.AsSpan()) && (blankOk || _word.Length > 0))
                    {
                        (words ??= []).Add(_word.AsSpan().ToString());
                    }

                    break;
                }

                if (phase == InWord)
                {
                    if (GoText.IsSpace(ch))
                    {
                        phase = InSpaces;
                        if (IsDoubleDash(_word.AsSpan()))
                        {
                            remainderStart = start + pos;
                            remainderLength = length - pos;
                            return (IReadOnlyList<string>?)words ?? [];
                        }

                        if (blankOk || _word.Length > 0)
                        {
                            (words ??= []).Add(_word.AsSpan().ToString());
                        }

                        _word.Clear();
                        blankOk = false;
                        continue;
                    }

                    if (ch is '\'' or '"')
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

                    _word.Append(ch);
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

                    _word.Append(ch);
                }
            }

            remainderSource = string.Empty;
            remainderStart = 0;
            return (IReadOnlyList<string>?)words ?? [];
        }

        private static bool IsDoubleDash(ReadOnlySpan<char> word) => word is "--";

        /// <summary>Byte-wise flag scanner, as BuildKit's extractBuilderFlags.</summary>
        private (string Remainder, IReadOnlyList<string> Flags) ExtractBuilderFlagsBytes(string text)
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

        /// <summary>BuildKit's parseWords into <see cref="_word"/>; the words are <see cref="_wordRanges"/>. Returns the word count.</summary>
        private int ParseWords(ReadOnlySpan<char> rest)
        {
            var words = _wordRanges ??= [];
            words.Clear();
            _word.Clear();
            const int InSpaces = 0, InWord = 1, InQuote = 2;
            var phase = InSpaces;
            var wordStart = 0;
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
                    if (blankOk || _word.Length > wordStart)
                    {
                        words.Add((wordStart, _word.Length - wordStart));
                    }

                    break;
                }

                if (phase == InWord)
                {
                    if (GoText.IsSpace(ch, _latin1))
                    {
                        phase = InSpaces;
                        if (blankOk || _word.Length > wordStart)
                        {
                            words.Add((wordStart, _word.Length - wordStart));
                        }

                        wordStart = _word.Length;
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

                        _word.Append(ch);
                        pos++;
                        ch = rest[pos];
                    }

                    _word.Append(ch);
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
                        _word.Append(ch);
                        ch = rest[pos];
                    }

                    _word.Append(ch);
                }
            }

            return words.Count;
        }

        private BuildKitNode? ParseNameVal(ref Slice rest, string key, out string? error)
        {
            error = null;
            var count = ParseWords(rest.Span);
            if (count == 0)
            {
                return null;
            }

            var all = _word.AsSpan();
            var ranges = _wordRanges!;
            if (!all.Slice(ranges[0].Start, ranges[0].Length).Contains('='))
            {
                var parts = GoText.SplitTokenWhitespace(rest.String, 2);
                if (parts.Count < 2)
                {
                    error = key + " must have two arguments";
                    return null;
                }

                return Chain([parts[0], parts[1], string.Empty]);
            }

            BuildKitNode? head = null;
            BuildKitNode? tail = null;
            for (var i = 0; i < count; i++)
            {
                var w = all.Slice(ranges[i].Start, ranges[i].Length);
                var eq = w.IndexOf('=');
                if (eq < 0)
                {
                    error = "Syntax error - can't find = in " + GoText.Quote(w.ToString(), _latin1) + ". Must be of the form: name=value";
                    return null;
                }

                var valueNode = new BuildKitNode { Value = w[(eq + 1)..].ToString(), Next = new BuildKitNode { Value = "=" } };
                var keyNode = new BuildKitNode { Value = w[..eq].ToString(), Next = valueNode };
                if (tail is null)
                {
                    head = keyNode;
                }
                else
                {
                    tail.Next = keyNode;
                }

                tail = valueNode.Next;
            }

            return head;
        }

        private JsonArrayResult ParseJson(ReadOnlySpan<char> rest, out BuildKitNode? node)
        {
            node = null;
            var t = GoText.TrimLeftSpace(rest, _latin1);
            if (t.Length == 0 || t[0] != '[')
            {
                return JsonArrayResult.NotJson;
            }

            var values = _jsonValues;
            values.Clear();
            var result = GoJson.ParseStringArray(t, values);
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

        private BuildKitNode? ParseMaybeJson(ref Slice rest, ref bool isJson, out string? error)
        {
            error = null;
            if (rest.Length == 0)
            {
                return null;
            }

            switch (ParseJson(rest.Span, out var node))
            {
                case JsonArrayResult.Ok:
                    isJson = true;
                    return node;
                case JsonArrayResult.NotStringArray:
                    error = NotStringArrayMessage;
                    return null;
                default:
                    return new BuildKitNode { Value = rest.String };
            }
        }

        private BuildKitNode? ParseMaybeJsonToList(ref Slice rest, ref bool isJson, out string? error)
        {
            error = null;
            switch (ParseJson(rest.Span, out var node))
            {
                case JsonArrayResult.Ok:
                    isJson = true;
                    return node;
                case JsonArrayResult.NotStringArray:
                    error = NotStringArrayMessage;
                    return null;
                default:
                    return rest.Length == 0 ? null : ChainSplit(rest.Span);
            }
        }

        private BuildKitNode? ParseHealthConfig(ref Slice rest, ref bool isJson, out string? error)
        {
            error = null;
            if (!Ascii.IsValid(rest.Span))
            {
                return ParseHealthConfigBytes(rest.String, ref isJson, out error);
            }

            // ASCII: bytes and chars coincide.
            var b = rest.Span;
            var sep = 0;
            while (sep < b.Length && !GoText.IsSpace(b[sep]))
            {
                sep++;
            }

            var next = sep;
            while (next < b.Length && GoText.IsSpace(b[next]))
            {
                next++;
            }

            if (sep == 0)
            {
                return null;
            }

            var typ = b[..sep].ToString();
            var cmdSlice = new Slice(rest.Source, rest.Start + next, rest.Length - next);
            var cmd = ParseMaybeJson(ref cmdSlice, ref isJson, out error);
            if (error is not null)
            {
                return null;
            }

            return new BuildKitNode { Value = typ, Next = cmd };
        }

        private BuildKitNode? ParseHealthConfigBytes(string rest, ref bool isJson, out string? error)
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
            var cmdText = FromBytes(b.AsSpan(next));
            var cmdSlice = new Slice(cmdText, 0, cmdText.Length);
            var cmd = ParseMaybeJson(ref cmdSlice, ref isJson, out error);
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

            var v = DockerfileKeywords.KnownLower(node.Value);
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

/// <summary>A growable char buffer on pooled arrays (a mutable struct: use it only as a field or local, never copied).</summary>
internal struct CharBuffer : IDisposable
{
    private char[]? _array;
    private int _length;

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> AsSpan() => _array is null ? default : _array.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Append(char c)
    {
        if (_array is null || _length == _array.Length)
        {
            Grow(1);
        }

        _array![_length++] = c;
    }

    public void Append(ReadOnlySpan<char> s)
    {
        if (_array is null || _length + s.Length > _array.Length)
        {
            Grow(s.Length);
        }

        s.CopyTo(_array.AsSpan(_length));
        _length += s.Length;
    }

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<char>.Shared.Return(_array);
            _array = null;
        }

        _length = 0;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_array))]
    private void Grow(int extra)
    {
        var grown = ArrayPool<char>.Shared.Rent(Math.Max(256, Math.Max(_length + extra, (_array?.Length ?? 0) * 2)));
        if (_array is not null)
        {
            _array.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<char>.Shared.Return(_array);
        }

        _array = grown;
    }
}

/// <summary>Test access to BuildKit's ParseHeredoc port.</summary>
internal static class HeredocParsing
{
    public static DockerfileHeredoc? Parse(string word) => DockerfileParser.ParseHeredocWord(word);
}
