using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3028 : LintRule
{
    public override string Id => "DL3028";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in gem install.";

    public override string Help => "Write 'gem install pkg:1.2.3' or 'gem install pkg -v 1.2.3' so rebuilds install the same gem.";

    private static readonly HashSet<string> WithValue = new HashSet<string>(StringComparer.Ordinal)
    {
        "-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P", "--trust-policy", "--platform",
        "--build-root", "-p", "--http-proxy", "-g", "--file", "--target-rbconfig",
    };

    /// <summary>gem install's switches that take no value; any other long option is taken to have one.</summary>
    private static readonly HashSet<string> Switches = new HashSet<string>(StringComparer.Ordinal)
    {
        "--no-document", "-N", "--no-ri", "--no-rdoc", "--user-install", "--no-user-install", "--conservative", "--minimal-deps",
        "--development", "--development-all", "--prerelease", "--no-prerelease", "--force", "-f", "--no-force", "--local", "-l",
        "--remote", "-r", "--both", "-b", "--clear-sources", "--ignore-dependencies", "--default", "--explain", "--lock",
        "--no-lock", "--suggestions", "--no-suggestions", "--env-shebang", "-E", "--no-env-shebang", "--wrappers", "--no-wrappers",
        "--vendor", "--post-install-message", "--no-post-install-message", "--format-executable", "--no-format-executable",
        "--quiet", "-q", "--verbose", "-V", "--silent", "--backtrace", "--debug", "--update-sources", "--no-update-sources",
        "--no-http-proxy", "--norc",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["gem"], WithValue, "install", "i")))
            {
                if (c.HasOption("v", "version"))
                {
                    continue;
                }

                var unpinned = Gems(c).Where(p => !p.Contains(':', StringComparison.Ordinal) && !ShellCommandFacts.IsDynamic(p) && !p.EndsWith(".gem", StringComparison.Ordinal)).ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"gem install of unpinned {string.Join(", ", unpinned)}; pin versions (gem:version or -v)");
                }
            }
        }
    }

    /// <summary>The gem names after 'install': options and their values skipped, build options after '--' ignored.</summary>
    private static List<string> Gems(ShellCommand command)
    {
        var gems = new List<string>();
        var args = command.Args();
        var sawInstall = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                break;
            }

            if (a.Length > 1 && a[0] == '-')
            {
                // Unknown long options are assumed to take a value, so that value is not mistaken for a gem.
                var takesValue = !a.Contains('=', StringComparison.Ordinal)
                    && (WithValue.Contains(a) || (a.StartsWith("--", StringComparison.Ordinal) && !Switches.Contains(a)));
                if (takesValue && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                {
                    i++;
                }

                continue;
            }

            if (!sawInstall)
            {
                sawInstall = true;
                continue;
            }

            gems.Add(a);
        }

        return gems;
    }
}
