using System.Text.RegularExpressions;

namespace InfraDedup.Core.Secrets;

/// <summary>
/// The one place that decides whether a key/value pair (an ENV, ARG default, LABEL or build argument) holds a
/// credential. Lint rule ID1001 reports what it finds; every report redacts the same values (<see cref="SecretRedactor"/>),
/// so the two can never disagree.
/// </summary>
public static partial class SecretDetector
{
    private static readonly (string Name, Regex Pattern)[] ValueShapes =
    [
        ("an AWS access key id", AwsKeyId()),
        ("a GitHub token", GitHubToken()),
        ("a GitHub fine-grained token", GitHubPat()),
        ("a Slack token", SlackToken()),
        ("a Google API key", GoogleKey()),
        ("a Stripe live key", StripeKey()),
        ("an OpenAI-style API key", OpenAiKey()),
        ("a private key", PrivateKey()),
        ("a JSON web token", JsonWebToken()),
        ("a URL with a password", UrlWithPassword()),
    ];

    private static readonly string[] NameFragments = ["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "access_key", "client_secret", "credential"];

    // Values people write where the real secret is supplied later: not secrets themselves.
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "changeme", "change-me", "change_me", "none", "null", "nil", "false", "true", "0", "1", "xxx", "placeholder",
        "example", "dummy", "test", "testing", "<secret>", "redacted", "local", "localhost", "dev", "development", "default",
        "unset", "empty", "todo", "fixme", "notset", "not-set", "sample", "fake", "insecure",
    };

    /// <summary>What a value looks like when its shape alone gives it away (a GitHub token, …), or null.</summary>
    public static string? ShapeOf(string value) => ValueShapes.FirstOrDefault(p => p.Pattern.IsMatch(value)).Name;

    /// <summary>A variable name that says it holds a credential (password, token, api key, …), not a path to one.</summary>
    public static bool LooksSecretName(string name)
    {
        var n = name.Replace('-', '_').Replace('.', '_');
        return NameFragments.Any(f => n.Contains(f, StringComparison.OrdinalIgnoreCase)) && !n.EndsWith("_FILE", StringComparison.OrdinalIgnoreCase)
            && !n.EndsWith("_PATH", StringComparison.OrdinalIgnoreCase) && !n.EndsWith("_DIR", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A value that stands in for the real secret: empty, a well-known word (<c>local</c>, <c>changeme</c>, …), a
    /// variable reference (<c>$VAR</c>, <c>${VAR}</c>), a template slot (<c>&lt;…&gt;</c>, <c>{{…}}</c>), one repeated
    /// character (<c>xxxx</c>, <c>****</c>) or an invitation such as <c>your_api_key_here</c>.
    /// </summary>
    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim();
        if (Placeholders.Contains(v) || v.Contains('$', StringComparison.Ordinal))
        {
            return true;
        }

        if ((v.StartsWith('<') && v.EndsWith('>')) || (v.StartsWith("{{", StringComparison.Ordinal) && v.EndsWith("}}", StringComparison.Ordinal)))
        {
            return true;
        }

        if (v.Length > 1 && v.All(c => c == v[0]))
        {
            return true;
        }

        return v.StartsWith("your_", StringComparison.OrdinalIgnoreCase) || v.StartsWith("your-", StringComparison.OrdinalIgnoreCase)
            || (v.StartsWith("your", StringComparison.OrdinalIgnoreCase) && v.EndsWith("here", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Why the value of <paramref name="key"/> is a secret ("a GitHub token", "a secret-looking variable"), or null when
    /// it is not one. <paramref name="value"/> is the unquoted literal.
    /// </summary>
    public static string? Classify(string key, string value)
    {
        if (ShapeOf(value) is { } shape)
        {
            return shape;
        }

        return LooksSecretName(key) && !IsPlaceholder(value) ? "a secret-looking variable" : null;
    }

    /// <summary>The secret-holding pairs of a Dockerfile: ENV and LABEL pairs, ARG defaults (values unquoted).</summary>
    public static IEnumerable<(string Instruction, string Key, string Value, string Kind, int Line)> InDockerfile(Dockerfiles.DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var ins in document.Instructions)
        {
            var pairs = ins switch
            {
                Dockerfiles.KeyValueInstruction kv => kv.Pairs.Select(p => (p.Key, Value: (string?)p.Value)),
                Dockerfiles.ArgInstruction a => a.Declarations.Select(d => (Key: d.Name, Value: d.DefaultValue)),
                _ => [],
            };
            foreach (var (key, raw) in pairs)
            {
                if (raw is null)
                {
                    continue;
                }

                var name = Unquote(key);
                var value = Unquote(raw);
                if (Classify(name, value) is { } kind)
                {
                    yield return (ins.Name, name, value, kind, ins.Span.StartLine);
                }
            }
        }
    }

    /// <summary>A value without one pair of surrounding quotes.</summary>
    public static string Unquote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
    }

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{22,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubPat();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\b[sr]k_live_[0-9A-Za-z]{16,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bsk-(proj-)?[A-Za-z0-9_\-]{32,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"[a-z][a-z0-9+.\-]*://[^/\s:@$]+:[^/\s@$]{3,}@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlWithPassword();
}
