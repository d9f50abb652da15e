using System.Text;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Loops over repeated lines (#17 item 2). Members often repeat one line shape a different number of times: bitnami's
/// <c>component_unpack "gosu" "1.12.0-2" --checksum …</c> once per component, or its <c>RUN ln -s … …</c> once per link.
/// Aligned, such lines become a stack of conditional lines whose holes no context word tells apart (<c>unpack_args</c>,
/// <c>unpack_args_2</c>). A maintainer writes a loop over a list instead:
/// <code>
/// {{~ for component in components ~}}
/// RUN . /opt/bitnami/scripts/libcomponent.sh &amp;&amp; component_unpack "{{ component.name }}" "{{ component.version }}" --checksum {{ component.checksum }}
/// {{~ end ~}}
/// </code>
/// A run of consecutive columns qualifies when every line in it is one instruction line (no continuation, no heredoc)
/// of one alignment key, the members have different numbers of them (and not all the same lines), and all of them have the same words and spaces
/// with only some words differing (each differing word is one field of the record, named by its context: the flag
/// before it, its shape). Anything else stays as it was.
/// </summary>
internal static partial class TemplateBuilder
{
    // More fields than this and the line is not one repeated shape but several things on a line.
    private const int MaxRecordFields = 4;

    // Commands whose repeated lines have a plain-English plural: (list name, loop variable).
    private static readonly Dictionary<string, (string List, string Item)> CommandNouns = new(StringComparer.Ordinal)
    {
        ["ln"] = ("links", "link"),
        ["mkdir"] = ("directories", "directory"),
        ["cp"] = ("copies", "copy"),
        ["mv"] = ("moves", "move"),
        ["chmod"] = ("permissions", "permission"),
        ["chown"] = ("ownerships", "ownership"),
        ["wget"] = ("downloads", "download"),
        ["curl"] = ("downloads", "download"),
        ["useradd"] = ("users", "user"),
        ["groupadd"] = ("groups", "group"),
    };

    /// <summary>Runs of one repeated instruction line that members have a different number of, as loops over records.</summary>
    private static List<RecordLoopItem> FindRepeatedLines(List<string?[]> columns, LineSimilarity similarity, List<LoopItem> itemLoops)
    {
        var loops = new List<RecordLoopItem>();
        if (columns.Count == 0)
        {
            return loops;
        }

        var continued = ContinuationMask(columns);
        var keys = new int?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            keys[c] = itemLoops.Any(l => c >= l.Start && c < l.End) ? null : LoopableKey(columns[c], continued[c], similarity);
        }

        var i = 0;
        while (i < columns.Count)
        {
            if (keys[i] is not { } key)
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < columns.Count && keys[end] == key)
            {
                end++;
            }

            // Members that differ in how many lines they have, and in what those lines say: members that all have the
            // same lines or none read better as a conditional block of literal lines.
            var lists = Enumerable.Range(0, columns[i].Length)
                .Select(m => string.Join("\n", Enumerable.Range(i, end - i).Select(c => columns[c][m]).OfType<string>())).ToList();
            var counts = Enumerable.Range(0, columns[i].Length).Select(m => Enumerable.Range(i, end - i).Count(c => columns[c][m] is not null)).Distinct().Count();
            if (end - i >= 2 && counts > 1 && lists.Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).Count() > 1
                && RecordLoopItem.TryCreate(columns, i, end) is { } loop)
            {
                loops.Add(loop);
            }

            i = end;
        }

        return loops;
    }

    /// <summary>For each column and member: whether the member's line there continues its previous line (after a <c>\</c>).</summary>
    private static bool[][] ContinuationMask(List<string?[]> columns)
    {
        var n = columns[0].Length;
        var mask = columns.Select(_ => new bool[n]).ToArray();
        for (var m = 0; m < n; m++)
        {
            var open = false;
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c][m] is { } line)
                {
                    mask[c][m] = open;
                    open = line.TrimEnd(' ', '\t').EndsWith('\\');
                }
            }
        }

        return mask;
    }

    /// <summary>The alignment key of a column whose lines are all whole one-line instructions a loop may repeat; else null.</summary>
    private static int? LoopableKey(string?[] column, bool[] continued, LineSimilarity similarity)
    {
        int? key = null;
        for (var m = 0; m < column.Length; m++)
        {
            if (column[m] is not { } line)
            {
                continue;
            }

            var head = line.Split(' ', 2)[0];
            if (continued[m] || line.Length == 0 || char.IsWhiteSpace(line[0]) || line.TrimEnd(' ', '\t').EndsWith('\\') || line.Contains("<<", StringComparison.Ordinal)
                || !ParameterNames.Keywords.Contains(head) || head.Equals("FROM", StringComparison.OrdinalIgnoreCase) || head.Equals("ONBUILD", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var k = similarity.KeyOf(line);
            if (key is not null && key != k)
            {
                return null;
            }

            key = k;
        }

        return key;
    }

    /// <summary>A line split at its whitespace: the words and the runs between them (leading and trailing runs included).</summary>
    private static (List<string> Words, List<string> Spaces) SplitWords(string line)
    {
        var words = new List<string>();
        var spaces = new List<string>();
        var i = 0;
        var start = 0;
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        spaces.Add(line[start..i]);
        while (i < line.Length)
        {
            start = i;
            while (i < line.Length && line[i] is not (' ' or '\t'))
            {
                i++;
            }

            words.Add(line[start..i]);
            start = i;
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            spaces.Add(line[start..i]);
        }

        return (words, spaces);
    }

    /// <summary>A loop over the lines of a run of columns: one literal line shape with a field per differing word.</summary>
    private sealed class RecordLoopItem : LoopBase
    {
        private readonly List<string> _literals;
        private readonly List<RecordField> _fields;

        private RecordLoopItem(int start, int end, string wanted, string variable, List<string> literals, List<RecordField> fields)
            : base(start, end, wanted)
        {
            ItemVariable = variable;
            _literals = literals;
            _fields = fields;
        }

        public override string Variable => ItemVariable;

        public string ItemVariable { get; }

        public override int Fields => _fields.Count > 1 ? _fields.Count : 0;

        public override TemplateValueKind Kind => _fields.Count > 1 ? TemplateValueKind.Records : TemplateValueKind.List;

        /// <summary>The loop for columns [start, end) when their lines share one word shape; else null.</summary>
        public static RecordLoopItem? TryCreate(List<string?[]> columns, int start, int end)
        {
            var lines = Enumerable.Range(start, end - start).SelectMany(c => columns[c]).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var split = lines.Select(SplitWords).ToList();
            var (words0, spaces0) = split[0];
            if (split.Any(s => s.Words.Count != words0.Count || !s.Spaces.SequenceEqual(spaces0, StringComparer.Ordinal)) || words0.Count < 2)
            {
                return null;
            }

            // Word by word: equal words stay literal; a differing word is a field, inside the quotes or after the '=' all share.
            var literals = new List<string>();
            var fields = new List<RecordField>();
            var text = new StringBuilder(spaces0[0]);
            for (var w = 0; w < words0.Count; w++)
            {
                var values = split.Select(s => s.Words[w]).ToList();
                if (values.All(v => v == values[0]))
                {
                    text.Append(values[0]);
                }
                else
                {
                    if (w < 2)
                    {
                        // The instruction and its command stay literal: different commands are not one repeated line.
                        return null;
                    }

                    var (prefix, suffix) = SharedEnds(values);
                    text.Append(prefix);
                    literals.Add(text.ToString());
                    text.Clear().Append(suffix);
                    // The word before names the field only when it is literal (a flag such as --checksum), not another field.
                    var before = fields.Count > 0 && fields[^1].Word == w - 1 ? string.Empty : words0[w - 1];
                    fields.Add(new RecordField(w, prefix.Length, suffix.Length, [.. values.Select(v => v[prefix.Length..^suffix.Length])], prefix, before));
                }

                text.Append(spaces0[w + 1]);
            }

            literals.Add(text.ToString());
            if (fields.Count is 0 or > MaxRecordFields)
            {
                return null;
            }

            var (wanted, variable) = ListNames(words0);
            if (fields.Count > 1 && !NameFields(fields, words0[1]))
            {
                return null;
            }

            return new RecordLoopItem(start, end, wanted, variable, literals, fields)
            {
                Alternatives = [.. fields.Where(f => f.Name is not null).Take(1).Select(f => ParameterNames.Sanitize(variable + "_" + f.Name + "s"))],
            };
        }

        public override void Emit(ScribanWriter writer)
        {
            writer.Control($"for {Variable} in {Name}");
            for (var f = 0; f < _fields.Count; f++)
            {
                writer.Text(_literals[f]).Print(_fields.Count > 1 ? Variable + "." + _fields[f].Name : Variable);
            }

            writer.Text(_literals[^1] + "\n");
            writer.Control("end");
        }

        public override TemplateValue ValueOf(int member, List<string?[]> columns)
        {
            var lines = Enumerable.Range(Start, End - Start).Select(c => columns[c][member]).OfType<string>().ToList();
            if (_fields.Count == 1)
            {
                return TemplateValue.Of(lines.Select(l => _fields[0].Take(SplitWords(l).Words)));
            }

            return TemplateValue.OfRecords(lines.Select(l =>
            {
                var words = SplitWords(l).Words;
                var record = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var field in _fields)
                {
                    record[field.Name!] = field.Take(words);
                }

                return (IReadOnlyDictionary<string, string>)record;
            }));
        }

        /// <summary>The quotes, brackets or <c>key=</c> every value starts and ends with stay literal around the field.</summary>
        private static (string Prefix, string Suffix) SharedEnds(List<string> values)
        {
            var shortest = values.Min(v => v.Length);
            var p = 0;
            while (p < shortest && values.All(v => v[p] == values[0][p]))
            {
                p++;
            }

            var prefix = values[0][..p];
            var cut = prefix.LastIndexOfAny(['"', '\'', '=', '[', '(', ',']);
            prefix = cut >= 0 ? prefix[..(cut + 1)] : string.Empty;
            var s = 0;
            while (s < shortest - prefix.Length && values.All(v => v[^(s + 1)] == values[0][^(s + 1)]))
            {
                s++;
            }

            var suffix = values[0][^s..];
            var keep = suffix.IndexOfAny(['"', '\'', ']', ')', ',']);
            suffix = keep >= 0 ? suffix[keep..] : string.Empty;
            return (prefix, suffix);
        }

        /// <summary>The list's name and loop variable from the line's command (<c>component_unpack</c> → components, component).</summary>
        private static (string List, string Item) ListNames(List<string> words)
        {
            var instruction = words[0].ToUpperInvariant();
            switch (instruction)
            {
                case "COPY" or "ADD":
                    return ("copied_files", "file");
                case "ENV":
                    return ("variables", "variable");
                case "ARG":
                    return ("build_args", "build_arg");
                case "LABEL":
                    return ("labels", "label");
                case "EXPOSE":
                    return ("exposed_ports", "exposed_port");
                case "VOLUME":
                    return ("volumes", "volume");
                default:
                    break;
            }

            var command = ParameterNames.ForCondition(instruction, string.Join(' ', words))["with_".Length..];
            if (CommandNouns.TryGetValue(command, out var noun))
            {
                return noun;
            }

            var parts = command.Split('_', StringSplitOptions.RemoveEmptyEntries);
            if (command.Contains("pkg", StringComparison.Ordinal) || command.Contains("package", StringComparison.Ordinal))
            {
                return ("packages", "package");
            }

            return parts.Length > 1 && parts[0].Length >= 4 && !parts[0].EndsWith('s')
                ? (parts[0] + "s", parts[0])
                : (ParameterNames.Sanitize(command + "_steps"), ParameterNames.Sanitize(command + "_step"));
        }

        /// <summary>
        /// Field names from context: the key before <c>=</c>, the flag before the word (<c>--checksum</c>), else the values'
        /// shape (<c>sha256</c>, <c>options</c>, <c>version</c>, <c>name</c>, paths by their role). False when two fields
        /// cannot be told apart by anything but a counter.
        /// </summary>
        private static bool NameFields(List<RecordField> fields, string command)
        {
            var paths = fields.Where(f => FieldShape(f) == "path").ToList();
            var roles = command == "ln" ? ("target", "link_name") : ("source", "destination");
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                var shape = FieldShape(field);
                var name = field.Prefix.EndsWith('=') && field.Prefix.TrimStart('-').TrimEnd('=', '"', '\'') is { Length: > 0 } key ? ParameterNames.Sanitize(key)
                    : field.Before.StartsWith('-') && field.Before.TrimStart('-') is { Length: > 1 } flag && !flag.Contains('=', StringComparison.Ordinal) ? ParameterNames.Sanitize(flag)
                    : shape == "path" && paths.Count > 1 && field == paths[0] ? roles.Item1
                    : shape == "path" && paths.Count > 1 && field == paths[^1] ? roles.Item2
                    : shape;
                if (!taken.Add(name))
                {
                    var qualified = ParameterNames.Sanitize(field.Before.Trim('-', '"', '\'') + "_" + name);
                    if (field.Before.Length == 0 || !taken.Add(qualified))
                    {
                        return false;
                    }

                    name = qualified;
                }

                field.Name = name;
            }

            return fields.All(f => f.Name is not ("value" or "text") && !f.Name!.EndsWith("_value", StringComparison.Ordinal));
        }

        private static string FieldShape(RecordField field)
        {
            var values = field.Values;
            if (values.All(v => v.Length > 0 && v.All(char.IsAsciiHexDigitLower)) && values.Select(v => v.Length).Distinct().Count() == 1 && values[0].Length is 40 or 64 or 128)
            {
                return values[0].Length switch { 40 => "sha1", 128 => "sha512", _ => "sha256" };
            }

            if (values.All(v => v.StartsWith('-')))
            {
                return "options";
            }

            return ParameterNames.Shape(values);
        }
    }

    /// <summary>A differing word of a repeated line: its position, the literal text around it, its values, its name.</summary>
    private sealed class RecordField(int word, int prefixLength, int suffixLength, List<string> values, string prefix, string before)
    {
        public int Word { get; } = word;

        public List<string> Values { get; } = values;

        /// <summary>The literal start of the word before the field (a quote, <c>--from=</c>).</summary>
        public string Prefix { get; } = prefix;

        /// <summary>The word before the field's word (a flag such as <c>--checksum</c>).</summary>
        public string Before { get; } = before;

        public string? Name { get; set; }

        public string Take(List<string> words) => words[Word][prefixLength..^suffixLength];
    }
}
