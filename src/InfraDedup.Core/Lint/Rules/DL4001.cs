using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4001 : LintRule
{
    public override string Id => "DL4001";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use either wget or curl, not both.";

    public override string Help => "Two download tools in one image is one more package to patch; pick one.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Runs.GroupBy(r => r.StageIndex))
        {
            var wget = stage.FirstOrDefault(r => r.CommandsNamed("wget").Any());
            var curl = stage.FirstOrDefault(r => r.CommandsNamed("curl").Any());
            if (wget is not null && curl is not null)
            {
                var later = wget.Location.Span.StartLine >= curl.Location.Span.StartLine ? wget : curl;
                context.Report(this, later.Location, $"this stage uses both wget and curl; use one of them");
            }
        }
    }
}
