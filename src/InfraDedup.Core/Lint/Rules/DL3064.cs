using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3064 : LintRule
{
    public override string Id => "DL3064";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "ARG and ENV names should not look like secrets.";

    public override string Help => "Build args and environment variables end up in the image metadata and history, readable by anyone with the image. Pass secrets with RUN --mount=type=secret instead.";

    private static readonly string[] Fragments = ["api_key", "apikey", "client_key", "password", "passwd", "private", "secret", "token", "username"];

    private static readonly HashSet<string> KnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "NPM_TOKEN", "NPM_AUTH_TOKEN",
        "PYPI_PASSWORD", "DOCKER_PASSWORD", "SSH_PRIVATE_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CLIENT_SECRET", "DATABASE_URL",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var at in context.Instructions)
        {
            var ins = at is OnbuildInstruction { Inner: { } inner } ? inner : at;
            var names = ins switch
            {
                ArgInstruction a => a.Declarations.Select(d => d.Name),
                EnvInstruction e => e.Pairs.Select(p => p.Key),
                _ => [],
            };
            foreach (var name in names)
            {
                if (LooksSecret(name))
                {
                    context.Report(this, at, $"{ins.Name} {name} looks like a secret; use a build secret mount instead");
                }
            }
        }
    }

    internal static bool LooksSecret(string name) =>
        KnownNames.Contains(name) || Fragments.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
}
