using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1005 : LintRule
{
    public override string Id => "ID1005";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not copy credential files into the image.";

    public override string Help => "Keys, .env files and cloud credentials copied into a layer stay there for anyone who pulls the image, even if a later step deletes them. Mount them as build secrets, or exclude them in .dockerignore.";

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", "credentials", "credentials.json", "credential.json", ".netrc", ".npmrc", ".pypirc",
        ".git-credentials", "password.txt", "secrets.yaml", "secrets.yml", "secrets.json", ".dockercfg", "kubeconfig", "service-account.json",
    };

    private static readonly string[] Extensions = [".pem", ".key", ".p12", ".pfx", ".ovpn", ".private_key", ".secret", ".keystore", ".jks"];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var copy in context.Instructions.OfType<FileTransferInstruction>().Where(c => c.From is null))
        {
            var bad = copy.Sources.Select(RuleHelpers.Unquote).FirstOrDefault(IsCredentialFile);
            if (bad is not null)
            {
                context.Report(this, copy, $"{copy.Name} of '{bad}' puts a credential file into the image; use RUN --mount=type=secret");
            }
        }
    }

    internal static bool IsCredentialFile(string path)
    {
        var name = path.TrimEnd('/');
        var slash = name.LastIndexOf('/');
        name = slash < 0 ? name : name[(slash + 1)..];
        return Names.Contains(name) || (name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".example", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".sample", StringComparison.OrdinalIgnoreCase))
            || Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }
}
