using System.Text;
using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID2002 : LintRule
{
    public override string Id => "ID2002";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Duplicated instructions: the same steps are repeated in this Dockerfile.";

    public override string Help => "A block of two or more instructions repeated verbatim in another stage belongs in one shared stage that both derive from (FROM shared AS …); a RUN, COPY or ADD repeated within a stage does the same work twice. Either way, one copy is enough.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stages = context.Stages.Select(s => s.Instructions.Select(Canonical).ToList()).ToList();
        for (var j = 0; j < stages.Count; j++)
        {
            var body = context.Stages[j].Instructions;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var p = 0; p < body.Count; p++)
            {
                if (body[p] is RunInstruction or FileTransferInstruction && !seen.TryAdd(stages[j][p], body[p].Span.StartLine))
                {
                    context.Report(this, body[p], $"{body[p].Name} repeats line {seen[stages[j][p]]} in the same stage");
                }
            }

            var covered = -1;
            for (var p = 0; p < body.Count; p++)
            {
                if (p <= covered)
                {
                    continue;
                }

                var (bestLength, bestStage, bestAt) = (0, -1, -1);
                for (var i = 0; i < j; i++)
                {
                    for (var q = 0; q < stages[i].Count; q++)
                    {
                        var length = 0;
                        while (p + length < body.Count && q + length < stages[i].Count && stages[j][p + length] == stages[i][q + length])
                        {
                            length++;
                        }

                        if (length > bestLength)
                        {
                            (bestLength, bestStage, bestAt) = (length, i, q);
                        }
                    }
                }

                if (bestLength >= 2)
                {
                    var other = context.Stages[bestStage];
                    var from = other.Instructions[bestAt].Span.StartLine;
                    var to = other.Instructions[bestAt + bestLength - 1].Span.EndLine;
                    var last = body[p + bestLength - 1];
                    context.Report(this, body[p].Span.StartLine, body[p].Span.StartColumn, last.Span.EndLine,
                        $"{bestLength} instructions repeat lines {from}-{to} of stage {other.Name ?? "#" + other.Index}; move them into a shared stage");
                    covered = p + bestLength - 1;
                }
            }
        }
    }

    private static string Canonical(DockerfileInstruction ins)
    {
        var sb = new StringBuilder();
        CanonicalPrinter.AppendInstruction(sb, ins.Node, ins.Latin1, '\\');
        return sb.ToString();
    }
}
