using System.Text;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Splits a file into LF lines plus its <see cref="TextLayout"/> (BOM, CRLF, final newline) and encodes rendered LF text
/// back with that layout, so templates are plain LF text while files keep their exact bytes.
/// </summary>
public static class TextCodec
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Decodes a file; null when it is not valid UTF-8 (templates are text).</summary>
    public static DecodedText? Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = Utf8NoBom.GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        var finalNewline = text.EndsWith('\n');
        var body = finalNewline ? text[..^1] : text;
        var lines = body.Split('\n');
        var terminated = finalNewline ? lines.Length : lines.Length - 1;
        var crlf = terminated > 0;
        for (var i = 0; i < terminated && crlf; i++)
        {
            crlf = lines[i].EndsWith('\r');
        }

        if (crlf && !finalNewline && lines[^1].EndsWith('\r'))
        {
            crlf = false; // a bare CR at the very end: keep CRs as text
        }

        if (crlf)
        {
            for (var i = 0; i < terminated; i++)
            {
                lines[i] = lines[i][..^1];
            }
        }

        return new DecodedText(lines, new TextLayout(bom, crlf ? LineEnding.Crlf : LineEnding.Lf, finalNewline));
    }

    /// <summary>
    /// Encodes LF text in which every line ends with '\n' (a template's rendering) with a layout.
    /// Returns null when the text cannot carry the layout (no final newline to drop).
    /// </summary>
    public static byte[]? Encode(string renderedLf, TextLayout layout)
    {
        ArgumentNullException.ThrowIfNull(renderedLf);
        ArgumentNullException.ThrowIfNull(layout);
        var text = renderedLf;
        if (!layout.FinalNewline)
        {
            if (!text.EndsWith('\n'))
            {
                return null;
            }

            text = text[..^1];
        }

        if (layout.LineEnding == LineEnding.Crlf)
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var count = Utf8NoBom.GetByteCount(text);
        var offset = layout.Bom ? 3 : 0;
        var bytes = new byte[count + offset];
        if (layout.Bom)
        {
            bytes[0] = 0xEF;
            bytes[1] = 0xBB;
            bytes[2] = 0xBF;
        }

        Utf8NoBom.GetBytes(text, 0, text.Length, bytes, offset);
        return bytes;
    }
}

/// <summary>A file as LF lines (without terminators) and the layout to restore its bytes.</summary>
public sealed record DecodedText(IReadOnlyList<string> Lines, TextLayout Layout)
{
    /// <summary>The lines as LF text, each line terminated by '\n' (what a template renders).</summary>
    public string ToLfText()
    {
        var sb = new StringBuilder();
        foreach (var line in Lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }
}
