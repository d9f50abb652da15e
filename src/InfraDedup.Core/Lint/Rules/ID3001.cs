using System.Text;
using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID3001 : LintRule
{
    public override string Id => "ID3001";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "A long-running service has no HEALTHCHECK.";

    public override string Help => "The final image exposes a port or starts a server but defines no HEALTHCHECK, so Docker, Compose and Swarm cannot tell a hung service from a healthy one. Add HEALTHCHECK CMD … (or HEALTHCHECK NONE to say it is deliberate).";

    private static readonly string[] Servers =
    [
        "gunicorn", "uvicorn", "hypercorn", "daphne", "nginx", "httpd", "apache2-foreground", "caddy", "traefik", "envoy", "redis-server",
        "postgres", "mongod", "mysqld", "php-fpm", "puma", "unicorn", "rails", "streamlit", "celery", "supervisord",
    ];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Stages.Count == 0)
        {
            return;
        }

        var last = context.Stages[^1];
        var lineage = RuleHelpers.Lineage(context, last).SelectMany(s => s.Instructions).ToList();
        if (lineage.Any(i => i.Name == "HEALTHCHECK"))
        {
            return;
        }

        var expose = lineage.FirstOrDefault(i => i.Name == "EXPOSE");
        var start = lineage.LastOrDefault(i => i is EntrypointInstruction) ?? lineage.LastOrDefault(i => i is CmdInstruction);
        var server = start is CommandInstruction c ? c.CommandParts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Take(3)
            .Select(ShellCommandFacts.Basename).FirstOrDefault(w => Servers.Contains(w, StringComparer.Ordinal)) : null;
        if (expose is not null || server is not null)
        {
            var why = expose is not null ? $"EXPOSE on line {expose.Span.StartLine}" : $"starts {server}";
            context.Report(this, start ?? last.From, $"the image is a long-running service ({why}) but has no HEALTHCHECK");
        }
    }
}
