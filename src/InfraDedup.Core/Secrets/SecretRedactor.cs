using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Secrets;

/// <summary>Where a secret value was found: file, line, the key that holds it and why it counts as a secret.</summary>
public sealed record SecretSite(string Path, int Line, string Key, string Kind);

/// <summary>
/// Masks credential values in report text. The values come from <see cref="SecretDetector"/> (the same detection as
/// lint rule ID1001) applied to the tree's Dockerfiles (ENV, ARG defaults, LABEL) and compose build arguments; every
/// occurrence of such a value in a report, as a whole word (raw, JSON-escaped, HTML-escaped or Markdown-escaped), is
/// replaced by <c>***</c> plus four hex digits of its SHA-256, so reviewers can tell two values apart without seeing
/// either. Token shapes (GitHub, AWS, Slack, … keys) are masked wherever they appear.
/// </summary>
public sealed partial class SecretRedactor
{
    private readonly (string Find, string Mask)[] _replacements;

    private readonly IReadOnlyList<(SecretSite Site, string Value)> _found;

    private SecretRedactor(IEnumerable<string> values, IReadOnlyList<(SecretSite Site, string Value)> found)
    {
        _found = found;
        Sites = found.Select(f => f.Site).Distinct().ToList();
        Values = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        _replacements = Values
            .SelectMany(v => Forms(v).Select(f => (Find: f, Mask: Mask(v))))
            .DistinctBy(r => r.Find, StringComparer.Ordinal)
            .OrderByDescending(r => r.Find.Length)
            .ThenBy(r => r.Find, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A redactor that only masks token shapes (nothing was scanned).</summary>
    public static SecretRedactor None { get; } = new([], []);

    /// <summary>Every value that is masked.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Where each secret value was found (for "these files carry secrets" notes).</summary>
    public IReadOnlyList<SecretSite> Sites { get; }

    /// <summary><c>***</c> and the first four hex digits of the value's SHA-256 (too few to confirm a guess, enough to tell values apart).</summary>
    public static string Mask(string value) => "***" + Hashing.Sha256(Encoding.UTF8.GetBytes(value ?? string.Empty))[..4];

    /// <summary>The secrets in the tree's Dockerfiles and compose files (ignore files honoured as for scan).</summary>
    public static SecretRedactor ForTree(string root, WalkOptions? walk = null, IEnumerable<(string Path, string Content)>? extraFiles = null)
    {
        var inventory = Directory.Exists(root) ? RepoWalker.Walk(root, walk ?? new WalkOptions()).Files : [];
        var builder = Collect(root, inventory, parsed: null);
        foreach (var (path, content) in extraFiles ?? [])
        {
            builder.Add(path, FileClassifier.ClassifyByName(path) ?? FileKind.Other, content);
        }

        return builder.Build();
    }

    /// <summary>
    /// As <see cref="ForTree"/>, from a scan's inventory instead of a second walk (the same files in the same order), with
    /// the Dockerfiles someone already parsed (<paramref name="parsed"/>: the document of a path, or null to read and
    /// parse it here). A parse is only reused for valid UTF-8 without a byte-order mark, where it read the very text
    /// <see cref="File.ReadAllText(string)"/> gives.
    /// </summary>
    public static SecretRedactor ForInventory(string root, IReadOnlyList<RepoFile> inventory, Func<string, Dockerfiles.DockerfileDocument?>? parsed = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return Collect(root, inventory, parsed).Build();
    }

    /// <summary>
    /// The secrets of the inventory's Dockerfiles and compose files (up to 4 MiB each), then of the archived ones. Files
    /// are read and searched on all cores, their findings added in inventory order.
    /// </summary>
    private static Builder Collect(string root, IReadOnlyList<RepoFile> inventory, Func<string, Dockerfiles.DockerfileDocument?>? parsed)
    {
        var files = inventory
            .Select(f => (File: f, Kind: FileClassifier.ClassifyByName(f.RelativePath)))
            .Where(f => f.Kind is FileKind.Dockerfile or FileKind.Compose && f.File.Size <= 4 << 20)
            .ToArray();
        var found = new List<(SecretSite Site, string Value)>?[files.Length];
        Parallel.For(0, files.Length, i =>
        {
            var (file, kind) = files[i];
            var builder = new Builder();
            try
            {
                if (kind == FileKind.Dockerfile && parsed?.Invoke(file.RelativePath) is { } document)
                {
                    builder.Add(file.RelativePath, document);
                }
                else
                {
                    builder.Add(file.RelativePath, kind!.Value, File.ReadAllText(file.FullPath));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // unreadable files are reported by the commands that read them; nothing of theirs can leak
            }

            found[i] = builder.Found;
        });
        var all = new Builder();
        foreach (var list in found)
        {
            foreach (var (site, value) in list ?? [])
            {
                all.AddValue(site.Path, site.Line, site.Key, value, site.Kind);
            }
        }

        AddArchived(root, all);
        return all;
    }

    /// <summary>The Dockerfiles and compose files earlier operations archived (an applied tree's report shows them).</summary>
    private static void AddArchived(string root, Builder builder)
    {
        var manifests = Path.Join(root, TreePath.StateFolder, "archive", "manifests");
        if (!Directory.Exists(manifests))
        {
            return;
        }

        try
        {
            var state = new StateFolder(TreePath.ResolveRoot(root), new DurableFs(FaultInjection.None));
            foreach (var id in state.Archive.ManifestIds())
            {
                foreach (var entry in state.Archive.ReadManifest(id).Files.Where(f => f.LinkTarget is null && f.Size <= 4 << 20))
                {
                    var objectPath = state.Archive.ObjectPath(entry.Sha256);
                    if (FileClassifier.ClassifyByName(entry.Path) is { } kind && kind is FileKind.Dockerfile or FileKind.Compose && File.Exists(objectPath))
                    {
                        builder.Add(entry.Path, kind, File.ReadAllText(objectPath));
                    }
                }
            }
        }
        catch (Exception e) when (e is UserInputException or IOException or UnauthorizedAccessException)
        {
            // a damaged archive is reported by the commands that use it
        }
    }

    /// <summary>Collects secret values from file contents.</summary>
    public sealed class Builder
    {
        private readonly List<(SecretSite Site, string Value)> _found = [];

        internal List<(SecretSite Site, string Value)> Found => _found;

        public Builder Add(string path, FileKind kind, string content)
        {
            if (kind == FileKind.Dockerfile)
            {
                Add(path, Dockerfiles.DockerfileParser.Parse(content, path));
            }
            else if (kind == FileKind.Compose)
            {
                var line = 0;
                foreach (var text in content.Split('\n'))
                {
                    line++;
                    if (ComposeAssignment().Match(text) is { Success: true } m)
                    {
                        var value = SecretDetector.Unquote(m.Groups["value"].Value.Trim());
                        if (SecretDetector.Classify(m.Groups["key"].Value, value) is { } why)
                        {
                            AddValue(path, line, m.Groups["key"].Value, value, why);
                        }
                    }
                }
            }

            return this;
        }

        /// <summary>The secret values of a parsed Dockerfile (parsed from its text at <paramref name="path"/>).</summary>
        public Builder Add(string path, Dockerfiles.DockerfileDocument document)
        {
            foreach (var (_, key, value, why, line) in SecretDetector.InDockerfile(document))
            {
                AddValue(path, line, key, value, why);
            }

            return this;
        }

        public Builder AddValue(string path, int line, string key, string value, string kind)
        {
            _found.Add((new SecretSite(path, line, key, kind), value));
            return this;
        }

        public SecretRedactor Build() => _found.Count == 0
            ? None
            : new SecretRedactor(_found.Select(f => f.Value), _found.Distinct().OrderBy(f => f.Site.Path, StringComparer.Ordinal).ThenBy(f => f.Site.Line).ToList());
    }

    /// <summary>The keys (sorted, distinct) whose secret values occur in <paramref name="content"/>: what a generated file carries.</summary>
    public IReadOnlyList<string> KeysIn(string content) =>
        string.IsNullOrEmpty(content)
            ? []
            : _found.Where(f => content.Contains(f.Value, StringComparison.Ordinal)).Select(f => f.Site.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The text with every secret value and token shape masked.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var (find, mask) in _replacements)
        {
            if (text.Contains(find, StringComparison.Ordinal))
            {
                text = ReplaceWholeWords(text, find, mask);
            }
        }

        return TokenShapes().Replace(text, m => Mask(m.Value));
    }

    /// <summary>Redacts a value that may be null.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// Replaces occurrences not glued to a letter or digit on either side (so "abc" is not masked inside "abcdef"). A
    /// plain-word value (letters only, such as bitnami's default password <c>bitnami</c>) is also left alone where it is
    /// a word of a path (<c>/opt/bitnami/scripts</c>, <c>bitnami/redis</c>): masking it there turns every path of the
    /// report into <c>opt/***1a2b/…</c> while hiding nothing a reader could not guess from the word itself.
    /// </summary>
    private static string ReplaceWholeWords(string text, string find, string mask)
    {
        var plainWord = IsPlainWord(find);
        var sb = new StringBuilder(text.Length);
        var start = 0;
        int at;
        while ((at = text.IndexOf(find, start, StringComparison.Ordinal)) >= 0)
        {
            var end = at + find.Length;
            var gluedBefore = at > 0 && char.IsLetterOrDigit(text[at - 1]) && char.IsLetterOrDigit(find[0]);
            var gluedAfter = end < text.Length && char.IsLetterOrDigit(text[end]) && char.IsLetterOrDigit(find[^1]);
            sb.Append(text, start, at - start);
            sb.Append(gluedBefore || gluedAfter || (plainWord && IsPathWord(text, at, end)) ? find : mask);
            start = end;
        }

        sb.Append(text, start, text.Length - start);
        return sb.ToString();
    }

    /// <summary>Letters only, words joined by <c>-</c>, <c>_</c> or <c>.</c>: a value a person chose, not a generated key.</summary>
    private static bool IsPlainWord(string value) => PlainWord().IsMatch(value);

    /// <summary>
    /// Whether text[at..end) lies in a segment of a path: the run of name characters around it (letters, digits,
    /// <c>-_.</c>) touches a <c>/</c> on either side. A password in a URL (<c>user:pass@host</c>) is bounded by
    /// <c>:</c> and <c>@</c>, so it stays masked.
    /// </summary>
    private static bool IsPathWord(string text, int at, int end)
    {
        while (at > 0 && IsNameChar(text[at - 1]))
        {
            at--;
        }

        while (end < text.Length && IsNameChar(text[end]))
        {
            end++;
        }

        return (at > 0 && text[at - 1] == '/') || (end < text.Length && text[end] == '/');
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    /// <summary>The ways a value is spelled in our outputs: as is, JSON-escaped (both encoders), HTML-escaped, Markdown-table-escaped.</summary>
    private static IEnumerable<string> Forms(string value)
    {
        yield return value;
        yield return JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return JsonEncodedText.Encode(value).ToString();
        yield return WebUtility.HtmlEncode(value);
        yield return value.Replace("|", "\\|", StringComparison.Ordinal);
    }

    // KEY: value, KEY=value, - KEY=value, "KEY": "value" (compose build args and environment lists).
    [GeneratedRegex(@"^\s*(-\s*)?[""']?(?<key>[A-Za-z_][A-Za-z0-9_.\-]*)[""']?\s*(:\s+|=)(?<value>[^#\s][^#]*?)\s*(#.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComposeAssignment();

    [GeneratedRegex(@"^[A-Za-z]+([-_.][A-Za-z]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();

    // Token shapes that are secrets wherever they appear (same patterns as SecretDetector's value shapes).
    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}\b|\bxox[abposr]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_\-]{35}\b|\b[sr]k_live_[0-9A-Za-z]{16,}\b|\bsk-(proj-)?[A-Za-z0-9_\-]{32,}\b|\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShapes();
}
