using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3044 : LintRule
{
    public override string Id => "DL3044";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Do not refer to an environment variable within the same ENV statement where it is defined.";

    public override string Help => "In 'ENV A=1 B=$A' the $A is expanded before A is set, so B gets the old (usually empty) value. Split it into two ENV instructions.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ins in context.Instructions)
        {
            switch (ins)
            {
                case FromInstruction:
                    known.Clear();
                    break;
                case ArgInstruction arg:
                    known.UnionWith(arg.Declarations.Select(d => d.Name));
                    break;
                case EnvInstruction env:
                    var defined = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var pair in env.Pairs)
                    {
                        var bad = References(pair.Value).FirstOrDefault(r => defined.Contains(r) && !known.Contains(r));
                        if (bad is not null)
                        {
                            context.Report(this, env, $"ENV {pair.Key} uses ${bad}, which this same ENV defines; split the instruction");
                            break;
                        }

                        defined.Add(pair.Key);
                    }

                    known.UnionWith(defined);
                    break;
            }
        }
    }

    internal static IEnumerable<string> References(string value)
    {
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (value[i] == '\\')
            {
                i++;
                continue;
            }

            if (value[i] != '$')
            {
                continue;
            }

            var start = i + 1;
            var braced = value[start] == '{';
            if (braced)
            {
                start++;
            }

            var end = start;
            while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
            {
                end++;
            }

            if (end > start)
            {
                yield return value[start..end];
            }

            i = end - 1;
        }
    }
}
