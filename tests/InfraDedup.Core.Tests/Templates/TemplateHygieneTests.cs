using InfraDedup.Core.Planning;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Templates;

/// <summary>The review rules of <see cref="TemplateHygiene"/>: first that they catch each fault, then that inference on the sample passes them.</summary>
public sealed class TemplateHygieneTests
{
    private static Dictionary<string, TemplateValue> Values(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value switch { bool b => TemplateValue.Of(b), string s => TemplateValue.Of(s), _ => TemplateValue.Of((string[])v.Value) }, StringComparer.Ordinal);

    [Fact]
    public void A_clean_template_passes()
    {
        const string source = "FROM python:{{ python_version }}\n{{~ if base_image == \"alpine\" ~}}\nRUN apk add curl\n{{~ else ~}}\nRUN apt-get install curl\n{{~ end ~}}\nEXPOSE {{ port }}\n";
        List<IReadOnlyDictionary<string, TemplateValue>> members =
        [
            Values(("python_version", "3.12"), ("base_image", "alpine"), ("port", "80")),
            Values(("python_version", "3.11"), ("base_image", "debian"), ("port", "81")),
        ];
        Assert.Empty(TemplateHygiene.Check("t.sbn", source, members));
    }

    [Fact]
    public void Each_fault_is_reported()
    {
        const string source =
            "EXPOSE {{ port }} {{ localhost_port }}\nRUN x {{ run_curl }} {{ value }} {{ port_2 }}\n"
            + "{{~ if with_user ~}}\nUSER app\n{{~ else if with_other ~}}\nUSER app\n{{~ end ~}}\n"
            + "{{~ if with_a ~}}\nENV A=1\n{{~ end ~}}\n{{~ if with_b ~}}\nENV A=1\n{{~ end ~}}\n"
            + "ENV AGENT_ID={{ agent_id }}\n";
        List<IReadOnlyDictionary<string, TemplateValue>> members =
        [
            Values(("port", "80"), ("localhost_port", "80"), ("run_curl", "git"), ("value", "a"), ("port_2", "1"), ("with_user", true), ("with_other", false), ("with_a", true), ("with_b", false), ("agent_id", "x AGENT_NAME=y")),
            Values(("port", "81"), ("localhost_port", "81"), ("run_curl", ""), ("value", "b"), ("port_2", "2"), ("with_user", true), ("with_other", false), ("with_a", false), ("with_b", true), ("agent_id", "z")),
        ];
        var problems = TemplateHygiene.Check("t.sbn", source, members);
        Assert.Contains(problems, p => p.Contains("'run_curl' is named after its instruction", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'value' has a generic name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'port_2' carries a counter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("localhost_port, port hold equal values", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("two branches of one conditional are identical", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("repeats a branch of the conditional right before it", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'with_user' is true on every member", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'with_other' is true on no member", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'agent_id' spans several values", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_fields_are_reviewed_like_parameters()
    {
        const string source = "{{~ for link in links ~}}\nRUN ln {{ link.value }} {{ link.path_2 }}\n{{~ end ~}}\n";
        var record = new Dictionary<string, string>(StringComparer.Ordinal) { ["value"] = "-s", ["path_2"] = "/a B=c" };
        List<IReadOnlyDictionary<string, TemplateValue>> members =
        [
            new Dictionary<string, TemplateValue>(StringComparer.Ordinal) { ["links"] = TemplateValue.OfRecords([record]) },
            new Dictionary<string, TemplateValue>(StringComparer.Ordinal) { ["links"] = TemplateValue.Of(Array.Empty<string>()) },
        ];
        var problems = TemplateHygiene.Check("t.sbn", source, members);
        Assert.Contains(problems, p => p.Contains("field 'value' of 'links' has a generic name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("field 'path_2' of 'links' carries a counter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("field 'path_2' of 'links' spans several values", StringComparison.Ordinal));
    }

    [Fact]
    public void Complementary_flags_are_reported()
    {
        const string source = "{{~ if with_git ~}}\nRUN git clone x\n{{~ end ~}}\nENV A=1\n{{~ if with_url ~}}\nRUN wget x\n{{~ end ~}}\n";
        List<IReadOnlyDictionary<string, TemplateValue>> members =
        [
            Values(("with_git", true), ("with_url", false)),
            Values(("with_git", false), ("with_url", true)),
            Values(("with_git", false), ("with_url", true)),
        ];
        Assert.Contains(TemplateHygiene.Check("t.sbn", source, members), p => p.Contains("flags with_git, with_url are complementary on every member", StringComparison.Ordinal));
    }

    [Fact]
    public void Fragments_that_vary_with_a_variant_flag_are_reported()
    {
        // golang before the fix: the release/tip split spread over fragments of lines instead of one conditional.
        const string source =
            "{{~ if with_git ~}}\nRUN git clone x\n{{~ end ~}}\n# save the {{ save_what }}\n"
            + "\tSOURCE_DATE_EPOCH=\"$({{ source_date_epoch }}\n{{ command_args }}/usr/local/go/{{ local_name }} \\\n";
        static Dictionary<string, TemplateValue> Member(bool tip) => Values(
            ("with_git", tip),
            ("save_what", tip ? "Git timestamp so we can use it" : "timestamp from the tarball"),
            ("source_date_epoch", tip ? "git -C /usr/local/go log -1 HEAD)\"; \\" : "stat -c '%Y' /usr/local/go)\"; \\"),
            ("command_args", tip ? "\t\t\t" : "\t\t} >> "),
            ("local_name", tip ? ".git*" : "go.env;"));
        List<IReadOnlyDictionary<string, TemplateValue>> members = [Member(false), Member(false), Member(true), Member(true)];
        var problems = TemplateHygiene.Check("t.sbn", source, members);
        var fragmentProblem = Assert.Single(problems, p => p.Contains("split the members alike", StringComparison.Ordinal));
        Assert.Contains("command_args, local_name, save_what, source_date_epoch, with_git", fragmentProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_values_that_co_vary_pass()
    {
        // php: a version and its checksum change together per version, each a whole value; so do quoted and rest-of-line values.
        const string source = "ENV PHP_VERSION {{ php_version }}\nENV PHP_SHA256=\"{{ php_sha256 }}\"\nENV GPG_KEYS {{ gpg_keys }}\nLABEL x=\"{{ title }}\"\n";
        static Dictionary<string, TemplateValue> Member(string version) => Values(
            ("php_version", version), ("php_sha256", "sha-" + version), ("gpg_keys", "KEY1 KEY2 " + version), ("title", "PHP " + version + " (cli)"));
        List<IReadOnlyDictionary<string, TemplateValue>> members = [Member("8.3"), Member("8.3"), Member("8.4"), Member("8.4")];
        Assert.Empty(TemplateHygiene.Check("t.sbn", source, members));
    }

    /// <summary>A release or tip build of one Go version on one base image, shaped like docker-library/golang's Dockerfiles.</summary>
    private static string GoBuild(string version, string image, bool tip) =>
        $"FROM {image}:3.23 AS build\n"
        + (tip ? "COPY --from=golang:1.26 /usr/local/go /usr/local/goroot-bootstrap\nENV GOLANG_COMMIT abc123\n" : $"ENV GOLANG_VERSION {version}\n")
        + "RUN set -eux; \\\n"
        + (tip ? "\tgit init --quiet /usr/local/go; \\\n" : $"\twget -O go.tgz \"$url\"{(image == "debian" ? " --progress=dot:giga" : string.Empty)}; \\\n\ttar -C /usr/local -xzf go.tgz; \\\n\tif [ \"$arch\" = '{(image == "debian" ? "armhf" : "armv7")}' ]; then :; fi; \\\n")
        + "\t\\\n"
        + (tip ? "# save the Git timestamp so we can use it for reproducibility\n" : "# save the timestamp from the tarball so we can restore it (see below)\n")
        + (tip ? "\tSOURCE_DATE_EPOCH=\"$(git -C /usr/local/go log -1 --format='format:%ct' HEAD)\"; \\\n" : "\tSOURCE_DATE_EPOCH=\"$(stat -c '%Y' /usr/local/go)\"; \\\n")
        + "\texport SOURCE_DATE_EPOCH; \\\n"
        + (tip ? "\t\trm -rf \\\n\t\t\t/usr/local/go/.git* \\\n" : "\t\t{ echo 'GOARM=7'; \\\n\t\t} >> /usr/local/go/go.env; \\\n")
        + $"\ttouch -t \"$touchy\" /usr/local/{(tip ? ".go-date-stamp" : "go/go.env /usr/local/go")}; \\\n"
        + "\tgo version\n";

    [Fact]
    public void Fragments_that_vary_with_the_variant_are_written_as_whole_lines_in_one_conditional()
    {
        var files = new List<TemplateInput>();
        foreach (var (version, tip) in new[] { ("1.26.7", false), ("1.27.0", false), ("tip", true) })
        {
            foreach (var image in new[] { "alpine", "debian" })
            {
                var text = GoBuild(version, image, tip);
                files.Add(new TemplateInput($"{version}/{image}/Dockerfile", System.Text.Encoding.UTF8.GetBytes(text)));
            }
        }

        var result = TemplateInferrer.Infer(files, new TemplateInferenceOptions { FamilyName = "golang", SplitSubFamilies = false, VerifyEffectiveImage = false });
        var template = Assert.Single(result.Templates);
        var bindings = result.Bindings.Select(b => (IReadOnlyDictionary<string, TemplateValue>)b.Parameters).ToList();
        var problems = TemplateHygiene.Check(template.Path, template.Source, bindings);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + template.Source);

        // Both variants of each line are written whole, and no parameter holds a piece of shell.
        Assert.Contains("\tSOURCE_DATE_EPOCH=\"$(stat -c '%Y' /usr/local/go)\"; \\\n", template.Source, StringComparison.Ordinal);
        Assert.Contains("# save the Git timestamp so we can use it for reproducibility\n", template.Source, StringComparison.Ordinal);
        Assert.Contains("/usr/local/go/go.env /usr/local/go; \\\n", template.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(bindings.SelectMany(b => b.Values), v => v.Kind == TemplateValueKind.String && v.Text!.Contains(';', StringComparison.Ordinal));

        // The download's option for one image is a choice inside the line, keyed by the image.
        Assert.Contains("\"$url\"{{ if ", template.Source, StringComparison.Ordinal);
        foreach (var binding in result.Bindings)
        {
            var original = files.Single(f => f.Path == binding.Path).Content;
            Assert.Equal(original, TemplateRenderer.Render(template, binding, HeaderMode.None));
        }
    }

    [Theory]
    [InlineData("with_git", true, true)]
    [InlineData("!with_git", true, false)]
    [InlineData("!with_git", false, true)]
    public void Negated_flags_are_evaluated(string condition, bool withGit, bool expected) =>
        Assert.Equal(expected, TemplateHygiene.Evaluate(condition, Values(("with_git", withGit))));

    [Theory]
    [InlineData("version == \"1\" || version == \"2\"", "2", true)]
    [InlineData("version != \"1\" && version != \"2\"", "2", false)]
    [InlineData("version != \"1\" && version != \"2\"", "3", true)]
    public void Comparisons_are_evaluated(string condition, string version, bool expected) =>
        Assert.Equal(expected, TemplateHygiene.Evaluate(condition, Values(("version", version))));

    [Fact]
    public void Every_template_the_planner_infers_on_the_sample_passes_review()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 120, Seed = 42, Overwrite = true });
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "sample" });
        var problems = Review(result);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Every template of a plan checked against the values of the files generated from it.</summary>
    internal static List<string> Review(PlanResult result)
    {
        var problems = new List<string>();
        // Dockerfile templates only: copies into build contexts (#21) are reviewed by their own tests.
        var copies = (result.Plan.Copies ?? []).SelectMany(c => c.Outputs).ToHashSet(StringComparer.Ordinal);
        foreach (var entries in result.Mapping.Generated.Where(g => g.Verbatim != true && !copies.Contains(g.Output)).GroupBy(g => g.Template, StringComparer.Ordinal))
        {
            problems.AddRange(TemplateHygiene.Check(entries.Key, result.ProposedFiles[entries.Key], [.. entries.Select(e => (IReadOnlyDictionary<string, TemplateValue>)e.Parameters)]));
        }

        return problems;
    }
}
