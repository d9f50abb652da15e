using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1001 : LintRule
{
    public override string Id => "ID1001";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Do not bake secrets into ENV, ARG or LABEL values.";

    public override string Help => "Values of ENV, ARG defaults and LABELs are stored in the image config and history; anyone who can pull the image can read them. Found by the variable name (password, token, secret, api key, …) with a literal value, or by the value's shape (cloud keys, tokens, private keys, URLs with passwords). Use RUN --mount=type=secret or runtime configuration.";

    private static readonly (string Name, System.Text.RegularExpressions.Regex Pattern)[] ValuePatterns =
    [
        ("an AWS access key id", new(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a GitHub token", new(@"\bgh[pousr]_[A-Za-z0-9]{36,}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a GitHub fine-grained token", new(@"\bgithub_pat_[A-Za-z0-9_]{22,}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a Slack token", new(@"\bxox[abposr]-[A-Za-z0-9-]{10,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a Google API key", new(@"\bAIza[0-9A-Za-z_\-]{35}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a Stripe live key", new(@"\b[sr]k_live_[0-9A-Za-z]{16,}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("an OpenAI-style API key", new(@"\bsk-(proj-)?[A-Za-z0-9_\-]{32,}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a private key", new(@"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a JSON web token", new(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ("a URL with a password", new(@"[a-z][a-z0-9+.\-]*://[^/\s:@$]+:[^/\s@$]{3,}@", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase)),
    ];

    private static readonly string[] NameFragments = ["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "access_key", "client_secret", "credential"];

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "changeme", "change-me", "none", "null", "false", "true", "0", "1", "xxx", "placeholder", "example", "dummy", "test", "<secret>", "redacted",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var ins in context.Instructions)
        {
            var pairs = ins switch
            {
                KeyValueInstruction kv => kv.Pairs.Select(p => (p.Key, Value: (string?)p.Value)),
                ArgInstruction a => a.Declarations.Select(d => (Key: d.Name, Value: d.DefaultValue)),
                _ => [],
            };
            foreach (var (key, raw) in pairs)
            {
                if (raw is null)
                {
                    continue;
                }

                var value = RuleHelpers.Unquote(raw);
                var shape = ValuePatterns.FirstOrDefault(p => p.Pattern.IsMatch(value)).Name;
                if (shape is not null)
                {
                    context.Report(this, ins, $"{ins.Name} {RuleHelpers.Unquote(key)} holds what looks like {shape}; remove it and pass it as a build secret or at run time");
                }
                else if (LooksSecretName(RuleHelpers.Unquote(key)) && !value.Contains('$', StringComparison.Ordinal) && !Placeholders.Contains(value.Trim()))
                {
                    context.Report(this, ins, $"{ins.Name} {RuleHelpers.Unquote(key)} sets a secret-looking variable to a literal value; pass it as a build secret or at run time");
                }
            }
        }
    }

    internal static bool LooksSecretName(string name)
    {
        var n = name.Replace('-', '_').Replace('.', '_');
        return NameFragments.Any(f => n.Contains(f, StringComparison.OrdinalIgnoreCase)) && !n.EndsWith("_FILE", StringComparison.OrdinalIgnoreCase)
            && !n.EndsWith("_PATH", StringComparison.OrdinalIgnoreCase) && !n.EndsWith("_DIR", StringComparison.OrdinalIgnoreCase);
    }
}
