using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

/// <summary>The file is not a valid Dockerfile (BuildKit would reject it). Other rules do not run on such a file.</summary>
public sealed class DL1000 : LintRule
{
    public const string Code = "DL1000";

    public override string Id => Code;

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "The Dockerfile cannot be parsed (syntax error or unknown instruction).";

    public override string Help => "BuildKit would refuse this file. Fix the syntax error at the reported line; no other rule runs until the file parses.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var d in context.Document.Diagnostics.Where(d => !d.IsWarning))
        {
            context.Report(this, d.Line, d.Column, d.Line, "parse error: " + d.Message);
        }

        foreach (var ins in UnknownInstructions(context.Document))
        {
            context.Report(this, ins, $"unknown instruction '{ins.Keyword}'; BuildKit rejects it (check the spelling)");
        }
    }

    /// <summary>Instructions whose keyword BuildKit does not know (the parser accepts them; the build fails on them).</summary>
    public static IEnumerable<DockerfileInstruction> UnknownInstructions(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Instructions.Where(i => DockerfileKeywords.KnownLower(i.Keyword) is null);
    }

    /// <summary>True when the document would not build: parse errors or unknown instructions.</summary>
    public static bool IsBroken(DockerfileDocument document) => document.HasErrors || UnknownInstructions(document).Any();
}
