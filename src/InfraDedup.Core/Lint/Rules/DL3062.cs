using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3062 : LintRule
{
    public override string Id => "DL3062";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in go install / go get / go run.";

    public override string Help => "Write module@v1.2.3; '@latest' or no version takes whatever is newest at build time.";

    private static readonly IReadOnlySet<string> WithValue = new HashSet<string>(StringComparer.Ordinal)
    {
        "-ldflags", "-gcflags", "-tags", "-o", "-mod", "-modfile", "-p", "-asmflags", "-buildmode", "-compiler", "-gccgoflags",
        "-installsuffix", "-pkgdir", "-toolexec", "-overlay", "-pgo", "-covermode", "-coverpkg", "-exec",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["go"], WithValue, "install", "get", "run")))
            {
                var operands = c.Operands(WithValue);
                if (c.Subcommand(WithValue) == "run")
                {
                    operands = operands.Take(1).ToList();
                }
                else if (operands is ["tool", ..])
                {
                    operands = operands.Skip(1).ToList(); // go install tool <name>
                }

                var bad = operands.Where(p => !IsPinned(p)).ToList();
                if (bad.Count > 0)
                {
                    context.Report(this, run.Location, $"go {c.Subcommand(WithValue)} of unpinned {string.Join(", ", bad)}; pin module@version");
                }
            }
        }
    }

    internal static bool IsPinned(string p)
    {
        if (p.StartsWith('.') || p.StartsWith('/') || ShellCommandFacts.IsDynamic(p) || p.EndsWith(".go", StringComparison.Ordinal))
        {
            return true;
        }

        var at = p.LastIndexOf('@');
        return at > 0 && p[(at + 1)..] is { Length: > 0 } v && v != "latest" && v != "none" && v != "upgrade" && v != "patch";
    }
}
