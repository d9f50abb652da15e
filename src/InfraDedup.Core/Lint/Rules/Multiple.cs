namespace InfraDedup.Core.Lint.Rules;

/// <summary>Shared check of "this instruction at most once per stage" rules.</summary>
internal static class Multiple
{
    public static void Check(LintRule rule, LintContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Stages)
        {
            var all = stage.Instructions.Where(i => i.Name == name).ToList();
            foreach (var extra in all.Skip(1))
            {
                context.Report(rule, extra, $"{name} repeated in stage {stage.Name ?? "#" + stage.Index} (first on line {all[0].Span.StartLine}); only the last one takes effect");
            }
        }
    }
}
