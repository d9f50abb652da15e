using System.IO.Hashing;
using System.Runtime.InteropServices;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Similarity;

/// <summary>
/// One token of a comparison unit: its text as written (<see cref="Text"/>), its Type-2 form with literals and
/// identifiers abstracted (<see cref="Abstract"/>), and whether it is printed after a space.
/// </summary>
internal readonly record struct UnitToken(string Text, string Abstract, bool SpaceBefore);

/// <summary>
/// A comparison unit: a Dockerfile instruction (<see cref="Head"/> = upper-case keyword) or a script statement
/// (no head). <see cref="Key"/> decides which units may be aligned with each other: the keyword, or the
/// statement's command, keyword or assigned name. Layout and comments are already gone.
/// </summary>
internal sealed record Unit(string Head, UnitToken[] Tokens, string Key)
{
    private ulong? _concrete;
    private ulong? _abstract;

    /// <summary>Hash of the tokens as written.</summary>
    public ulong ConcreteHash => _concrete ??= UnitBuilder.StreamHash(UnitBuilder.StreamHashes([this], abstractValues: false));

    /// <summary>Hash of the abstracted tokens.</summary>
    public ulong AbstractHash => _abstract ??= UnitBuilder.StreamHash(UnitBuilder.StreamHashes([this], abstractValues: true));

    /// <summary>Printed form (tokens joined with single spaces where the source had any).</summary>
    public string Render() => Render(0, Tokens.Length, null);

    /// <summary>
    /// A short form for diffs: the head, up to <paramref name="context"/> tokens before the slot, the slot
    /// replaced by <paramref name="replacement"/>, and "…" when tokens follow.
    /// </summary>
    public string RenderSlot(int start, int length, string replacement, int context = 2)
    {
        var from = Math.Max(0, start - context);
        var window = new Unit(Head, Tokens[from..Math.Min(Tokens.Length, start + length)], Key);
        var text = window.Render(start - from, length, replacement);
        if (from > 0)
        {
            text = Head.Length > 0 ? Head + " … " + text[Head.Length..].TrimStart() : "… " + text;
        }

        return start + length < Tokens.Length ? text + " …" : text;
    }

    /// <summary>Printed form with tokens [start, start+length) replaced by <paramref name="replacement"/>.</summary>
    public string Render(int start, int length, string? replacement)
    {
        var sb = new System.Text.StringBuilder();
        if (Head.Length > 0)
        {
            sb.Append(Head);
        }

        for (var i = 0; i <= Tokens.Length; i++)
        {
            if (i == start && replacement is not null)
            {
                var space = i < Tokens.Length ? Tokens[i].SpaceBefore : true;
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(replacement);
            }

            if (i == Tokens.Length)
            {
                break;
            }

            if (replacement is not null && i >= start && i < start + length)
            {
                continue;
            }

            if (Tokens[i].SpaceBefore && sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Tokens[i].Text);
        }

        return sb.ToString();
    }
}

/// <summary>
/// The streams of a script as <see cref="UnitBuilder.ScriptStreams"/> gives them: unit i has key id
/// <see cref="Keys"/>[i] and its tokens at [<see cref="Starts"/>[i], <see cref="Ends"/>[i]) of both streams.
/// </summary>
internal sealed record ScriptStreamHashes(ulong[] Concrete, ulong[] Abstract, ulong[] Keys, int[] Starts, int[] Ends);

/// <summary>Turns Dockerfiles and scripts into unit sequences (the common input of hashing and alignment).</summary>
internal static class UnitBuilder
{
    private const string Str = TokenNormalizer.StringPlaceholder;
    private const string Num = TokenNormalizer.NumberPlaceholder;

    /// <summary>Instruction units of a Dockerfile and its FROM signature (the base images, in order).</summary>
    public static (Unit[] Units, string Signature) FromDockerfile(DockerfileDocument document)
    {
        var units = new List<Unit>(document.Instructions.Count);
        var froms = new List<string>();
        foreach (var ins in document.Instructions)
        {
            var tokens = new List<UnitToken>();
            foreach (var flag in ins.Flags)
            {
                tokens.Add(new UnitToken(flag, flag, true));
            }

            switch (ins)
            {
                case FromInstruction from:
                    froms.Add(from.Image.ToLowerInvariant());
                    AddWords(tokens, ins.Arguments, abstractValues: false);
                    break;
                case KeyValueInstruction kv:
                    foreach (var pair in kv.Pairs)
                    {
                        tokens.Add(new UnitToken(pair.Key, pair.Key, true));
                        tokens.Add(new UnitToken("=", "=", false));
                        tokens.Add(new UnitToken(pair.Value, Str, false));
                    }

                    break;
                case ArgInstruction arg:
                    foreach (var d in arg.Declarations)
                    {
                        tokens.Add(new UnitToken(d.Name, d.Name, true));
                        if (d.DefaultValue is not null)
                        {
                            tokens.Add(new UnitToken("=", "=", false));
                            tokens.Add(new UnitToken(d.DefaultValue, Str, false));
                        }
                    }

                    break;
                case ListInstruction list when list.Name == "EXPOSE":
                    foreach (var v in list.Values)
                    {
                        tokens.Add(new UnitToken(v, Num, true));
                    }

                    break;
                case FileTransferInstruction:
                    AddWords(tokens, ins.Arguments, abstractValues: true);
                    break;
                case CommandInstruction cmd:
                    AddCommand(tokens, cmd.IsJson, cmd.CommandParts);
                    foreach (var hd in ins.Heredocs)
                    {
                        AddShell(tokens, hd.Content);
                    }

                    break;
                case HealthcheckInstruction hc:
                    var type = hc.Type ?? string.Empty;
                    tokens.Add(new UnitToken(type.ToUpperInvariant(), type.ToUpperInvariant(), true));
                    AddCommand(tokens, ins.IsJson, hc.Command);
                    break;
                default:
                    AddWords(tokens, ins.Arguments, abstractValues: false);
                    break;
            }

            units.Add(new Unit(ins.Name, [.. tokens], ins.Name));
        }

        return ([.. units], string.Join(' ', froms));
    }

    /// <summary>Statement units of a shell script.</summary>
    public static Unit[] FromShell(string text) =>
        FromNormalized(TokenNormalizer.Normalize(ShellTokenizer.Tokenize(text)));

    /// <summary>Statement units of a Python file.</summary>
    public static Unit[] FromPython(string text) =>
        FromNormalized(TokenNormalizer.Normalize(PythonTokenizer.Tokenize(text)));

    /// <summary>Hashes of the unit stream: head, tokens (abstract or as written), then an end marker per unit.</summary>
    public static ulong[] StreamHashes(IReadOnlyList<Unit> units, bool abstractValues)
    {
        var hashes = new List<ulong>();
        foreach (var u in units)
        {
            if (u.Head.Length > 0)
            {
                hashes.Add(Hash(u.Head, 1));
            }

            foreach (var t in u.Tokens)
            {
                hashes.Add(Hash(abstractValues ? t.Abstract : t.Text, 2));
            }

            hashes.Add(EndMarker);
        }

        return [.. hashes];
    }

    /// <summary>Closes every unit in a stream.</summary>
    internal const ulong EndMarker = 0x5EB5EB5EB5EB5EB5UL;

    /// <summary>
    /// What <see cref="FromShell"/>/<see cref="FromPython"/> and then <see cref="StreamHashes"/> (in both views) would
    /// give for a normalized script, without building units or a string per token: both streams, and per unit its key
    /// id (<see cref="UnitKeys"/>) and where its tokens are in the streams (script units have no head; each is followed
    /// by the end marker).
    /// </summary>
    public static ScriptStreamHashes ScriptStreams(IReadOnlyList<NormalizedToken> stream)
    {
        var concrete = new List<ulong>(stream.Count + (stream.Count / 4));
        var abstracted = new List<ulong>(concrete.Capacity);
        var keys = new List<ulong>();
        var starts = new List<int>();
        var ends = new List<int>();
        var open = false;

        void Close()
        {
            if (open)
            {
                ends.Add(concrete.Count);
                concrete.Add(EndMarker);
                abstracted.Add(EndMarker);
                open = false;
            }
        }

        foreach (var t in stream)
        {
            switch (t.Kind)
            {
                case NormalizedTokenKind.Separator:
                    Close();
                    continue;
                case NormalizedTokenKind.Indent or NormalizedTokenKind.Dedent:
                    Close();
                    keys.Add(UnitKeys.Of(t.Value.Span));
                    starts.Add(concrete.Count);
                    var hash = Hash(t.Value.Span, 2);
                    concrete.Add(hash);
                    abstracted.Add(hash);
                    open = true;
                    Close();
                    continue;
            }

            var abstractText = AbstractSpan(t);
            if (!open)
            {
                open = true;
                starts.Add(concrete.Count);
                keys.Add(UnitKeys.Of(t.Kind is NormalizedTokenKind.Keyword or NormalizedTokenKind.Command or NormalizedTokenKind.Identifier ? t.Value.Span : abstractText));
            }

            concrete.Add(Hash(t.Value.Span, 2));
            abstracted.Add(Hash(abstractText, 2));
        }

        Close();
        return new ScriptStreamHashes([.. concrete], [.. abstracted], [.. keys], [.. starts], [.. ends]);
    }

    /// <summary>One hash of a whole stream (order-sensitive).</summary>
    public static ulong StreamHash(ReadOnlySpan<ulong> hashes) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(hashes));

    private static ulong Hash(string text, long seed) => Hash(text.AsSpan(), seed);

    private static ulong Hash(ReadOnlySpan<char> text, long seed) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), seed);

    /// <summary><see cref="AbstractOf"/> without a string.</summary>
    private static ReadOnlySpan<char> AbstractSpan(NormalizedToken t) => t.Kind switch
    {
        NormalizedTokenKind.Identifier => TokenNormalizer.IdentifierPlaceholder,
        NormalizedTokenKind.String or NormalizedTokenKind.Word => Str,
        NormalizedTokenKind.Number => Num,
        _ => t.Value.Span,
    };

    private static void AddWords(List<UnitToken> tokens, IReadOnlyList<string> words, bool abstractValues)
    {
        foreach (var w in words)
        {
            tokens.Add(new UnitToken(w, abstractValues ? Str : w, true));
        }
    }

    private static void AddCommand(List<UnitToken> tokens, bool isJson, IReadOnlyList<string> parts)
    {
        if (isJson)
        {
            tokens.Add(new UnitToken("[", "[", true));
            for (var i = 0; i < parts.Count; i++)
            {
                var quoted = "\"" + parts[i] + "\"";
                tokens.Add(new UnitToken(i == 0 ? quoted : ", " + quoted, Str, false));
            }

            tokens.Add(new UnitToken("]", "]", false));
            return;
        }

        foreach (var p in parts)
        {
            AddShell(tokens, p);
        }
    }

    private static void AddShell(List<UnitToken> tokens, string command)
    {
        var normalized = TokenNormalizer.Normalize(ShellTokenizer.Tokenize(command));
        var first = true;
        var end = -1;
        foreach (var t in normalized)
        {
            tokens.Add(new UnitToken(t.Text, AbstractOf(t), first || t.Span.Offset > end));
            end = Math.Max(end, t.Span.End);
            first = false;
        }
    }

    private static Unit[] FromNormalized(IReadOnlyList<NormalizedToken> stream)
    {
        var units = new List<Unit>();
        var current = new List<UnitToken>();
        var end = -1;
        string? head = null;

        void Flush()
        {
            if (current.Count > 0)
            {
                units.Add(new Unit(string.Empty, [.. current], head ?? string.Empty));
                current.Clear();
            }

            head = null;
        }

        foreach (var t in stream)
        {
            switch (t.Kind)
            {
                case NormalizedTokenKind.Separator:
                    Flush();
                    continue;
                case NormalizedTokenKind.Indent or NormalizedTokenKind.Dedent:
                    Flush();
                    units.Add(new Unit(string.Empty, [new UnitToken(t.Text, t.Text, false)], t.Text));
                    continue;
            }

            head ??= t.Kind is NormalizedTokenKind.Keyword or NormalizedTokenKind.Command or NormalizedTokenKind.Identifier ? t.Text : AbstractOf(t);
            current.Add(new UnitToken(t.Text, AbstractOf(t), current.Count > 0 && t.Span.Offset > end));
            end = Math.Max(end, t.Span.End);
        }

        Flush();
        return [.. units];
    }

    private static string AbstractOf(NormalizedToken t) => t.Kind switch
    {
        NormalizedTokenKind.Identifier => TokenNormalizer.IdentifierPlaceholder,
        NormalizedTokenKind.String or NormalizedTokenKind.Word => Str,
        NormalizedTokenKind.Number => Num,
        _ => t.Text,
    };
}
