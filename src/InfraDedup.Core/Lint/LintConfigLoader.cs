using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InfraDedup.Core.Lint;

/// <summary>
/// Reads lint configuration from <c>.infradedup.yaml</c> (top level, or under a <c>lint:</c> key) or, as a fallback,
/// hadolint's <c>.hadolint.yaml</c>. Understood keys: <c>ignored</c>, <c>override</c> (<c>error</c>/<c>warning</c>/<c>info</c>/
/// <c>style</c>/<c>ignore</c> → list of ids), <c>failure-threshold</c>, <c>trustedRegistries</c> (or <c>allowedRegistries</c>),
/// <c>disable-ignore-pragma</c>. Other hadolint keys (format, no-color, label-schema …) are accepted and ignored.
/// </summary>
public static class LintConfigLoader
{
    /// <summary>File names looked for, in order of preference.</summary>
    public static readonly IReadOnlyList<string> FileNames = [".infradedup.yaml", ".infradedup.yml", ".hadolint.yaml", ".hadolint.yml"];

    /// <summary>
    /// Finds the configuration for a lint run: the first of <see cref="FileNames"/> in <paramref name="startDirectory"/> or,
    /// going up, its parents, stopping after the first folder that holds <c>.git</c>. Null when there is none.
    /// </summary>
    public static string? Discover(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            foreach (var name in FileNames)
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate) && (!name.StartsWith(".infradedup", StringComparison.Ordinal) || HasLintSettings(candidate)))
                {
                    return candidate;
                }
            }

            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Loads a configuration file.</summary>
    /// <exception cref="UserInputException">The file cannot be read or has a wrong value (message names file, line and column).</exception>
    public static LintConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        Inventory.InputFile.RequireRegular(path, "a lint configuration file (.infradedup.yaml or .hadolint.yaml)");
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read lint configuration '{path}': {IoErrors.Reason(e)}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses configuration text; <paramref name="path"/> is only used in messages.</summary>
    public static LintConfig Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                node = null;
            }

            if (node is not null and not YamlMappingNode)
            {
                throw new UserInputException("the lint configuration must be a mapping of keys (ignored:, override:, failure-threshold: …)", path, Line(node), Column(node));
            }

            root = (YamlMappingNode?)node;
        }
        catch (YamlException e)
        {
            throw new UserInputException($"invalid YAML: {e.Message.Trim()}; fix the syntax", path, (int)e.Start.Line, (int)e.Start.Column);
        }

        var config = new LintConfig { Source = path };
        if (root is null)
        {
            return config;
        }

        if (Child(root, "lint") is { } lint)
        {
            root = lint as YamlMappingNode
                ?? throw new UserInputException("'lint' must be a mapping (ignored:, override:, …)", path, Line(lint), Column(lint));
        }

        var ignored = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase);
        var trusted = new List<string>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "ignored" or "ignore":
                    ignored.UnionWith(Strings(value, path, key));
                    break;
                case "override":
                    if (value is not YamlMappingNode levels)
                    {
                        throw new UserInputException("'override' must map a severity (error, warning, info, style, ignore) to a list of rule ids", path, Line(value), Column(value));
                    }

                    foreach (var (levelNode, ids) in levels.Children)
                    {
                        var level = (levelNode as YamlScalarNode)?.Value;
                        if (!LintSeverities.TryParse(level, out var severity))
                        {
                            throw new UserInputException($"unknown severity '{level}' under 'override'; use error, warning, info, style or ignore", path, Line(levelNode), Column(levelNode));
                        }

                        foreach (var id in Strings(ids, path, "override." + level))
                        {
                            overrides[id] = severity;
                        }
                    }

                    break;
                case "failure-threshold" or "failureThreshold":
                    var t = (value as YamlScalarNode)?.Value;
                    if (!FailureThresholds.TryParse(t, out var threshold))
                    {
                        throw new UserInputException($"unknown failure-threshold '{t}'; use error, warning, info, style or none", path, Line(value), Column(value));
                    }

                    config = config with { FailureThreshold = threshold };
                    break;
                case "trustedRegistries" or "trusted-registries" or "allowedRegistries" or "allowed-registries":
                    trusted.AddRange(Strings(value, path, key));
                    break;
                case "disable-ignore-pragma" or "disableIgnorePragma":
                    config = config with { DisableIgnorePragma = Bool(value, path, key) };
                    break;
                default:
                    // hadolint keys this linter has no use for (format, no-color, label-schema, …), and the other sections of .infradedup.yaml.
                    break;
            }
        }

        return config with { Ignored = ignored, Overrides = overrides, TrustedRegistries = trusted };
    }

    private static bool HasLintSettings(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("lint:", StringComparison.Ordinal) || text.Contains("ignored:", StringComparison.Ordinal) || text.Contains("override:", StringComparison.Ordinal)
                || text.Contains("failure-threshold:", StringComparison.Ordinal) || text.Contains("trustedRegistries:", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // Load reports the problem with the file's name.
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k } && k == key).Value;

    private static List<string> Strings(YamlNode node, string path, string key)
    {
        switch (node)
        {
            case YamlScalarNode { Value: null or "" or "~" or "null" }:
                return [];
            case YamlScalarNode scalar:
                return [.. scalar.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            case YamlSequenceNode seq:
                var list = new List<string>();
                foreach (var item in seq.Children)
                {
                    if (item is not YamlScalarNode { Value: { } v })
                    {
                        throw new UserInputException($"'{key}' must list plain strings", path, Line(item), Column(item));
                    }

                    list.Add(v.Trim());
                }

                return list;
            default:
                throw new UserInputException($"'{key}' must be a list of strings (e.g. [DL3008, DL3009])", path, Line(node), Column(node));
        }
    }

    private static bool Bool(YamlNode node, string path, string key) => (node as YamlScalarNode)?.Value?.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw new UserInputException($"'{key}' must be true or false", path, Line(node), Column(node)),
    };

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static int Column(YamlNode node) => (int)node.Start.Column;
}
