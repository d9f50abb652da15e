namespace InfraDedup.Core.Lint.Rules;

/// <summary>The file is not a valid Dockerfile (BuildKit would reject it). Other rules do not run on such a file.</summary>
public sealed class DL1000 : LintRule
{
    public const string Code = "DL1000";

    public override string Id => Code;

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "The Dockerfile cannot be parsed.";

    public override string Help => "BuildKit would refuse this file. Fix the syntax error at the reported line; no other rule runs until the file parses.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var d in context.Document.Diagnostics.Where(d => !d.IsWarning))
        {
            context.Report(this, d.Line, d.Column, d.Line, "parse error: " + d.Message);
        }
    }
}
