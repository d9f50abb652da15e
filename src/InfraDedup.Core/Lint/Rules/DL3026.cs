using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3026 : LintRule
{
    public override string Id => "DL3026";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Use only images from trusted registries.";

    public override string Help => "With 'trustedRegistries' configured, every FROM, COPY --from and RUN --mount from= image must come from one of them (wildcards: '*.example.com', 'docker.*', '*'). The rule does nothing without that setting.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trusted = context.Config.TrustedRegistries;
        if (trusted.Count == 0)
        {
            return;
        }

        var stageNames = new HashSet<string>(context.Stages.Where(s => s.Name is not null).Select(s => s.Name!), StringComparer.OrdinalIgnoreCase);
        foreach (var ins in context.Instructions)
        {
            var images = ins switch
            {
                FromInstruction f => [f.Image],
                FileTransferInstruction { From: { } src } => [src],
                RunInstruction r => r.Mounts.SelectMany(m => m.Split(',')).Where(x => x.StartsWith("from=", StringComparison.OrdinalIgnoreCase)).Select(x => x[5..]).ToArray(),
                _ => Array.Empty<string>(),
            };
            foreach (var image in images)
            {
                if (image.Length == 0 || image.Contains('$', StringComparison.Ordinal) || stageNames.Contains(image)
                    || image.All(char.IsAsciiDigit) || image.Equals("scratch", StringComparison.OrdinalIgnoreCase)
                    || (ins is not FromInstruction && !image.Contains(':', StringComparison.Ordinal) && !image.Contains('/', StringComparison.Ordinal) && !image.Contains('@', StringComparison.Ordinal)))
                {
                    continue;
                }

                var registry = RuleHelpers.ParseImage(image).Registry;
                if (!trusted.Any(t => Matches(t, registry)))
                {
                    context.Report(this, ins, $"image '{image}' comes from registry '{registry}', which is not in trustedRegistries");
                }
            }
        }
    }

    internal static bool Matches(string pattern, string registry)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith('*'))
        {
            return registry.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }

        if (pattern.EndsWith('*'))
        {
            return registry.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase);
        }

        return registry.Equals(pattern, StringComparison.OrdinalIgnoreCase)
            || (pattern.Equals("docker.io", StringComparison.OrdinalIgnoreCase) && registry.Equals("index.docker.io", StringComparison.OrdinalIgnoreCase));
    }
}
