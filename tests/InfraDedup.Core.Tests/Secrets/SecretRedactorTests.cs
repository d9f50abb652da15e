using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Secrets;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Secrets;

public class SecretRedactorTests
{
    private const string Dockerfile = "FROM alpine:3.20\nARG PASSWORD=hunter2-x\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG&bPxRfiCY<EX>\nLABEL token=ghp_0123456789abcdefghijABCDEFGHIJ012345\nENV OPENAI_API_KEY=local PORT=8080\n";

    private static SecretRedactor Of(string dockerfile) => new SecretRedactor.Builder().Add("svc/Dockerfile", FileKind.Dockerfile, dockerfile).Build();

    [Fact]
    public void Values_the_lint_rule_flags_are_masked_with_a_stable_short_hash()
    {
        var redactor = Of(Dockerfile);

        var text = redactor.Redact("a: hunter2-x, b: wJalrXUtnFEMI/K7MDENG&bPxRfiCY<EX>, c: ghp_0123456789abcdefghijABCDEFGHIJ012345");

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_0123", text, StringComparison.Ordinal);
        Assert.Contains("a: " + SecretRedactor.Mask("hunter2-x"), text, StringComparison.Ordinal);
        Assert.Matches("^\\*\\*\\*[0-9a-f]{4}$", SecretRedactor.Mask("hunter2-x"));
        Assert.NotEqual(SecretRedactor.Mask("hunter2-x"), SecretRedactor.Mask("hunter2-y"));
    }

    [Fact]
    public void Placeholders_and_ordinary_values_stay()
    {
        var redactor = Of(Dockerfile);

        Assert.Equal("OPENAI_API_KEY=local PORT=8080", redactor.Redact("OPENAI_API_KEY=local PORT=8080"));
    }

    [Fact]
    public void Escaped_spellings_are_masked_too()
    {
        var redactor = Of(Dockerfile);

        var html = redactor.Redact("<td>wJalrXUtnFEMI/K7MDENG&amp;bPxRfiCY&lt;EX&gt;</td>");
        var json = redactor.Redact("{\"v\":\"wJalrXUtnFEMI/K7MDENG\\u0026bPxRfiCY\\u003CEX\\u003E\"}");

        Assert.DoesNotContain("wJalrXUtnFEMI", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_inside_a_longer_word_is_left_alone()
    {
        var redactor = new SecretRedactor.Builder().AddValue("Dockerfile", 2, "PASSWORD", "abc", "a secret-looking variable").Build();

        Assert.Equal("abcdef and " + SecretRedactor.Mask("abc") + ".", redactor.Redact("abcdef and abc."));
    }

    [Fact]
    public void A_plain_word_value_is_left_alone_where_it_is_a_word_of_a_path()
    {
        var redactor = new SecretRedactor.Builder().AddValue("compose.yaml", 7, "MARIADB_PASSWORD", "bitnami", "a secret-looking variable").Build();
        var masked = SecretRedactor.Mask("bitnami");

        Assert.Equal("COPY rootfs /opt/bitnami/scripts", redactor.Redact("COPY rootfs /opt/bitnami/scripts"));
        Assert.Equal("bitnami/redis:7 in opt/bitnami-scripts/x.sh and /opt/bitnami", redactor.Redact("bitnami/redis:7 in opt/bitnami-scripts/x.sh and /opt/bitnami"));
        Assert.Equal($"MARIADB_PASSWORD={masked} and {masked}", redactor.Redact("MARIADB_PASSWORD=bitnami and bitnami"));
        Assert.Equal($"mysql://root:{masked}@db:3306/app", redactor.Redact("mysql://root:bitnami@db:3306/app"));
    }

    [Fact]
    public void Generated_values_and_url_credentials_stay_masked_inside_paths()
    {
        var redactor = new SecretRedactor.Builder()
            .AddValue("Dockerfile", 2, "WEBHOOK_TOKEN", "T0kenB4x9Qz", "a secret-looking variable")
            .AddValue("Dockerfile", 3, "REGISTRY_PASSWORD", "hunter-two", "a secret-looking variable")
            .AddValue("Dockerfile", 4, "MIRROR", "https://ci:s3cret@mirror.example/simple/", "a URL with a password")
            .Build();

        var text = redactor.Redact("POST https://hooks.example/services/T0kenB4x9Qz/x; login https://bot:hunter-two@registry.example/v2/; pip -i https://ci:s3cret@mirror.example/simple/");

        Assert.DoesNotContain("T0kenB4x9Qz", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter-two", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("https://bot:" + SecretRedactor.Mask("hunter-two") + "@registry.example/v2/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_shapes_are_masked_without_a_scan()
    {
        var text = SecretRedactor.None.Redact("RUN git clone https://x:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/o/r");

        Assert.DoesNotContain("ghp_0123", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_build_args_and_archived_files_are_collected()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  a:\n    build:\n      context: .\n      args:\n        DB_PASSWORD: s3cr3t-from-compose\n        PORT: \"8080\"\n")
            .File("svc/Dockerfile", Dockerfile);

        var redactor = SecretRedactor.ForTree(tree.Root);

        Assert.Contains("s3cr3t-from-compose", redactor.Values);
        Assert.Contains("hunter2-x", redactor.Values);
        Assert.DoesNotContain("8080", redactor.Values);
        Assert.Equal(["DB_PASSWORD"], redactor.KeysIn("args: DB_PASSWORD: s3cr3t-from-compose"));
    }

    /// <summary>
    /// Secrets where plan finds them: compose build args, a plain Dockerfile, one with a byte-order mark, and a third
    /// Dockerfile with a value of its own.
    /// </summary>
    private static TempTree TreeWithSecrets() => new TempTree()
        .File("compose.yaml", "services:\n  a:\n    build:\n      context: svc\n      args:\n        DB_PASSWORD: s3cr3t-from-compose\n  b:\n    build: bom\n")
        .File("svc/Dockerfile", Dockerfile)
        .File("bom/Dockerfile", "\uFEFF" + Dockerfile.Replace("hunter2-x", "bom-hunter2", StringComparison.Ordinal))
        .File("other/Dockerfile", Dockerfile.Replace("hunter2-x", "other-hunter2", StringComparison.Ordinal));

    /// <summary>
    /// plan redacts its output from the planner's own inventory and parses (ForInventory) instead of walking and parsing
    /// the tree again (ForTree): both must find the very same secrets, including in a Dockerfile with a byte-order mark
    /// and one that is not valid UTF-8 (whose parse is not reused), and in compose build args.
    /// </summary>
    [Fact]
    public void The_plans_inventory_and_parses_give_the_same_secrets_as_a_walk_of_the_tree()
    {
        using var tree = TreeWithSecrets()
            .File("latin/Dockerfile", System.Text.Encoding.Latin1.GetBytes("FROM alpine:3.20\nLABEL note=caf\u00e9\nARG PASSWORD=latin1-hunter2\n"));

        var result = Planner.Make(tree.Root, new PlanOptions { Project = "p", RemoveDeadFiles = false });
        var reads = Assert.IsType<PlanReads>(result.Reads);
        var fromPlan = reads.Redactor(tree.Root);
        var fromWalk = SecretRedactor.ForTree(tree.Root);

        Assert.Equal(fromWalk.Values, fromPlan.Values);
        Assert.Equal(fromWalk.Sites, fromPlan.Sites);
        foreach (var value in new[] { "s3cr3t-from-compose", "hunter2-x", "bom-hunter2", "other-hunter2", "latin1-hunter2" })
        {
            Assert.Contains(value, fromPlan.Values);
        }

        Assert.DoesNotContain("latin/Dockerfile", reads.Dockerfiles.Keys);
        Assert.DoesNotContain("bom/Dockerfile", reads.Dockerfiles.Keys);
    }

    /// <summary>
    /// plan collects the secrets while it plans (PlanOptions.CollectSecrets, on a spare core): the redactor it hands
    /// back is the one its inventory and parses give after planning, and the one a walk of the tree gives.
    /// </summary>
    [Fact]
    public void The_secrets_collected_while_planning_are_those_collected_after_it()
    {
        using var tree = TreeWithSecrets();

        var result = Planner.Make(tree.Root, new PlanOptions { Project = "p", CollectSecrets = true });
        var meanwhile = Assert.IsType<SecretRedactor>(result.Redactor);
        var after = Assert.IsType<PlanReads>(result.Reads).Redactor(tree.Root);

        Assert.Equal(after.Values, meanwhile.Values);
        Assert.Equal(after.Sites, meanwhile.Sites);
        Assert.Equal(SecretRedactor.ForTree(tree.Root).Sites, meanwhile.Sites);
        Assert.Contains("other-hunter2", meanwhile.Values);
        Assert.Null(Planner.Make(tree.Root, new PlanOptions { Project = "p" }).Redactor);
    }
}
