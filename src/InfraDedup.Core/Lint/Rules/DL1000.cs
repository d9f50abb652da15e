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

        // One finding per file, BuildKit's first error: the same files and positions scan lists as parseErrors.
        if (InstructionChecks.FirstError(context.Document) is not { } error)
        {
            return;
        }

        var message = context.Document.HasErrors ? "parse error: " + error.Message : error.Message + "; BuildKit rejects it";
        context.Report(this, error.Line, error.Column, error.Line, message);
    }

    /// <summary>
    /// True when the other rules cannot read the document: parser errors or instructions BuildKit does not know. Other
    /// instruction-level errors (an ONBUILD FROM, an instruction before FROM) still leave a readable document, and
    /// their own rules (DL3043, DL3061) say more than DL1000 does.
    /// </summary>
    public static bool StopsOtherRules(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.HasErrors || document.Instructions.Any(i => DockerfileKeywords.KnownLower(i.Keyword) is null);
    }
}
