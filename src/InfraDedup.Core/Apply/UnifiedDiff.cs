using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace InfraDedup.Core.Apply;

/// <summary>
/// Unified diffs (as <c>diff -u</c> / <c>git diff</c> print them) for dry runs. Lines are compared with their line
/// endings, so a CRLF → LF change shows; content that is not UTF-8 text is reported as binary.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>
    /// The diff from <paramref name="oldContent"/> (null: the file does not exist) to <paramref name="newContent"/>
    /// (null: removed), with <c>a/</c> and <c>b/</c> labels. Empty when both are equal.
    /// </summary>
    public static string Render(string path, byte[]? oldContent, byte[]? newContent)
    {
        var oldLabel = oldContent is null ? "/dev/null" : "a/" + path;
        var newLabel = newContent is null ? "/dev/null" : "b/" + path;
        if (oldContent is not null && newContent is not null && oldContent.AsSpan().SequenceEqual(newContent))
        {
            return string.Empty;
        }

        var oldText = oldContent is null ? string.Empty : AsText(oldContent);
        var newText = newContent is null ? string.Empty : AsText(newContent);
        if (oldText is null || newText is null)
        {
            return $"Binary files {oldLabel} and {newLabel} differ\n";
        }

        var header = new StringBuilder();
        header.Append("--- ").Append(oldLabel).Append('\n').Append("+++ ").Append(newLabel).Append('\n');
        return header.Append(Hunks(oldText, newText)).ToString();
    }

    /// <summary>The text of <paramref name="bytes"/> when it is valid UTF-8 without NUL bytes, else null.</summary>
    public static string? AsText(byte[] bytes)
    {
        if (bytes.AsSpan().Contains((byte)0))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Hunks(string oldText, string newText)
    {
        var oldLines = Split(oldText);
        var newLines = Split(newText);
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, new CustomFunctionChunker(text => [.. Split(text)]));

        // Walk both files in step, marking which old/new lines are deleted/inserted.
        var deleted = new bool[oldLines.Count];
        var inserted = new bool[newLines.Count];
        foreach (var block in result.DiffBlocks)
        {
            for (var i = 0; i < block.DeleteCountA; i++)
            {
                deleted[block.DeleteStartA + i] = true;
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                inserted[block.InsertStartB + i] = true;
            }
        }

        // Edit script: (op, oldIndex, newIndex); ' ' keeps, '-' deletes, '+' inserts.
        var script = new List<(char Op, int Old, int New)>();
        int a = 0, b = 0;
        while (a < oldLines.Count || b < newLines.Count)
        {
            if (a < oldLines.Count && deleted[a])
            {
                script.Add(('-', a++, b));
            }
            else if (b < newLines.Count && inserted[b])
            {
                script.Add(('+', a, b++));
            }
            else
            {
                script.Add((' ', a++, b++));
            }
        }

        var text = new StringBuilder();
        var index = 0;
        while (index < script.Count)
        {
            var firstChange = script.FindIndex(index, s => s.Op != ' ');
            if (firstChange < 0)
            {
                break;
            }

            var start = Math.Max(index, firstChange - Context);
            var end = firstChange;
            var lastChange = firstChange;
            while (end < script.Count)
            {
                if (script[end].Op != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * Context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(script.Count, lastChange + Context + 1);
            var oldCount = script.Skip(start).Take(end - start).Count(s => s.Op != '+');
            var newCount = script.Skip(start).Take(end - start).Count(s => s.Op != '-');
            var oldStart = oldCount == 0 ? script[start].Old : script[start].Old + 1;
            var newStart = newCount == 0 ? script[start].New : script[start].New + 1;
            text.Append($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            for (var i = start; i < end; i++)
            {
                var (op, oldIndex, newIndex) = script[i];
                var line = op == '+' ? newLines[newIndex] : oldLines[oldIndex];
                text.Append(op);
                if (line.EndsWith('\n'))
                {
                    text.Append(line);
                }
                else
                {
                    text.Append(line).Append("\n\\ No newline at end of file\n");
                }
            }

            index = end;
        }

        return text.ToString();
    }

    private static string Range(int start, int count) =>
        count == 1 ? start.ToString(System.Globalization.CultureInfo.InvariantCulture) : FormattableString.Invariant($"{start},{count}");

    /// <summary>Lines with their endings ("\n" or "\r\n"), as the chunker splits them.</summary>
    private static List<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
