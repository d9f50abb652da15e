using System.Text;
using CsCheck;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Tests.Templates;

/// <summary>
/// Render → infer → render: random template sets (optional blocks, a version × port matrix, random byte layouts and
/// literal braces) are rendered into files; inference must template every file, reproduce each byte for byte, and
/// need no more templates than were used to generate them.
/// </summary>
public sealed class TemplatePropertyTests
{
    private sealed record Block(int Position, string[] Lines);

    private sealed record Spec(int Index, string Image, string[] Common, Block[] Optional);

    private sealed record Case(Spec[] Templates, string[] Versions, int[] Ports, int Combos, bool[] Crlf, bool[] Bom, bool[] NoFinal);

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 3, 8];

    private static Gen<Spec> SpecGen(int index) =>
        Gen.Select(Word.Array[10, 14], Gen.Int[0, 3], Gen.Bool, (words, blocks, braces) => (words, blocks, braces))
            .SelectMany(t => Gen.Select(Gen.Int[1, 9].Array[t.blocks], Gen.Int[1, 2].Array[t.blocks], (positions, sizes) =>
            {
                var common = t.words.Select((w, i) => i switch
                {
                    0 => "WORKDIR /srv/" + w,
                    1 when t.braces => $"LABEL tmpl=\"{{{{ .{w} }}}}\" raw=\"{{%{{ {w} }}%}}\"",
                    _ when i % 3 == 0 => $"RUN {w}-tool --apply /etc/{w}{index}.conf",
                    _ when i % 3 == 1 => $"COPY {w}{index}.txt /opt/{w}/",
                    _ => $"ENV {w.ToUpperInvariant()}_HOME=/opt/{w}{index}",
                }).ToArray();
                var optional = positions.Select((p, b) => new Block(p, [.. Enumerable.Range(0, sizes[b]).Select(k => $"RUN optional-{index}-{b}-{k} --enable {t.words[k]}")])).ToArray();
                return new Spec(index, index == 0 ? "debian" : "alpine", common, optional);
            }));

    private static readonly Gen<Case> CaseGen =
        Gen.Int[1, 2].SelectMany(k => Gen.Select(
            Gen.Select(SpecGen(0), SpecGen(1), (a, b) => k == 1 ? new[] { a } : [a, b]),
            Gen.Int[1, 3],
            Gen.Int[1, 4],
            Gen.Bool.Array[48],
            Gen.Bool.Array[48],
            Gen.Bool.Array[48],
            (templates, versions, combos, crlf, bom, noFinal) => new Case(
                templates,
                [.. Enumerable.Range(0, versions).Select(v => $"1.{v + 2}.{v * 3}")],
                [.. Enumerable.Range(0, versions).Select(v => 8000 + v)],
                combos,
                crlf,
                bom,
                noFinal)));

    private static string TemplateSource(Spec spec)
    {
        var sb = new StringBuilder();
        sb.Append($"FROM {spec.Image}:{{{{ version }}}}\n");
        for (var i = 0; i < spec.Common.Length; i++)
        {
            for (var b = 0; b < spec.Optional.Length; b++)
            {
                if (spec.Optional[b].Position == i)
                {
                    sb.Append($"{{{{~ if opt{b} ~}}}}\n");
                    foreach (var line in spec.Optional[b].Lines)
                    {
                        sb.Append(line).Append('\n');
                    }

                    sb.Append("{{~ end ~}}\n");
                }
            }

            sb.Append(spec.Common[i].Replace("{{", "{{ \"{{\" }}", StringComparison.Ordinal).Replace("{%{", "{{ \"{%\" }}{", StringComparison.Ordinal)).Append('\n');
        }

        sb.Append("ENV APP_VERSION={{ version }}\nEXPOSE {{ port }}\nCMD [\"serve\"]\n");
        return sb.ToString();
    }

    private static List<TemplateInput> Render(Case c)
    {
        var files = new List<TemplateInput>();
        foreach (var spec in c.Templates)
        {
            var source = TemplateSource(spec);
            for (var v = 0; v < c.Versions.Length; v++)
            {
                for (var combo = 0; combo < c.Combos; combo++)
                {
                    var parameters = new Dictionary<string, TemplateValue>
                    {
                        ["version"] = TemplateValue.Of(c.Versions[v]),
                        ["port"] = TemplateValue.Of(c.Ports[v].ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    };
                    for (var b = 0; b < spec.Optional.Length; b++)
                    {
                        parameters[$"opt{b}"] = TemplateValue.Of(((combo >> b) & 1) == 1);
                    }

                    var n = files.Count;
                    var layout = new TextLayout(c.Bom[n], c.Crlf[n] ? LineEnding.Crlf : LineEnding.Lf, !c.NoFinal[n]);
                    var bytes = TemplateRenderer.Render(source, $"gen/t{spec.Index}.sbn", parameters, layout, HeaderMode.None);
                    files.Add(new TemplateInput($"t{spec.Index}/{c.Versions[v]}/variant{combo}/Dockerfile", bytes));
                }
            }
        }

        return files;
    }

    [Fact]
    public void Render_infer_render_reproduces_every_file_with_no_more_templates_than_generated()
    {
        CaseGen.Sample(c =>
        {
            var files = Render(c);
            var result = TemplateInferrer.Infer(files, new TemplateInferenceOptions());
            var templates = result.Templates.ToDictionary(t => t.Name);
            var reproduced = files.Zip(result.Bindings).All(p =>
                p.First.Path == p.Second.Path
                && p.First.Content.AsSpan().SequenceEqual(TemplateRenderer.Render(templates[p.Second.TemplateName], p.Second, HeaderMode.None)));
            return result.NotTemplated.Count == 0 && result.Bindings.Count == files.Count && reproduced && result.Templates.Count <= c.Templates.Length;
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void Text_codec_round_trips_any_utf8_text_with_any_layout()
    {
        Gen.String[Gen.Char["ab \t{}%\r\n\u00e9"], 0, 40].Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var decoded = TextCodec.Decode(bytes)!;
            return TextCodec.Encode(decoded.ToLfText(), decoded.Layout)!.AsSpan().SequenceEqual(bytes);
        }, iter: 2000);
    }
}
