using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1003 : LintRule
{
    public override string Id => "ID1003";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not pipe a download straight into a shell or interpreter (curl … | sh).";

    public override string Help => "Whatever the server sends at build time runs with the build's privileges, unverified. Download to a file, check its checksum or signature, then run it.";

    private static readonly string[] Downloaders = ["curl", "wget", "fetch"];

    private static readonly string[] Interpreters = ["sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "perl", "ruby", "node", "sudo", "php"];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            var commands = run.Commands.Where(c => c.Depth == 0).ToList();
            var hit = false;
            for (var i = 0; i + 1 < commands.Count && !hit; i++)
            {
                hit = commands[i].Is(Downloaders) && run.IsPipedOut(commands[i]) && commands[i + 1].Is(Interpreters);
            }

            // sh -c "$(curl …)", bash <(curl …)
            hit |= commands.Any(c => c.Is(Interpreters) && c.Words.Skip(1).Any(w =>
                w.Text.Contains("$(curl", StringComparison.Ordinal) || w.Text.Contains("$(wget", StringComparison.Ordinal)
                || w.Text.Contains("<(curl", StringComparison.Ordinal) || w.Text.Contains("<(wget", StringComparison.Ordinal)
                || w.Text.Contains("`curl", StringComparison.Ordinal) || w.Text.Contains("`wget", StringComparison.Ordinal)));
            if (hit)
            {
                context.Report(this, run.Location);
            }
        }
    }
}
