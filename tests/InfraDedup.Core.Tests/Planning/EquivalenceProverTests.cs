using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.Planning;

public sealed class EquivalenceProverTests
{
    private static readonly Dictionary<string, string> NoArgs = new(StringComparer.Ordinal);

    private const string Original = "FROM alpine:3.20\nENV PORT=8080\nEXPOSE 8080\nRUN adduser -D app\nUSER app\n";

    [Fact]
    public void A_shared_Dockerfile_with_the_right_args_is_equivalent()
    {
        var shared = DockerfileParser.Parse("FROM alpine:3.20\nARG PORT=1\nENV PORT=\"${PORT}\"\nEXPOSE ${PORT}\nRUN adduser -D app\nUSER app\n");
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["PORT"] = "8080" };
        Assert.True(EquivalenceProver.Prove(DockerfileParser.Parse(Original), NoArgs, shared, args, null).Equivalent);
    }

    [Theory]
    [InlineData("FROM alpine:3.20\nENV PORT=8080\nEXPOSE 8080\nRUN adduser -D app\nUSER root\n", "User")]
    [InlineData("FROM alpine:3.21\nENV PORT=8080\nEXPOSE 8080\nRUN adduser -D app\nUSER app\n", "alpine")]
    [InlineData("FROM alpine:3.20\nENV PORT=8080\nEXPOSE 8081\nRUN adduser -D app\nUSER app\n", "ExposedPorts")]
    [InlineData("FROM alpine:3.20\nENV PORT=8080\nEXPOSE 8080\nRUN adduser -D  app\nUSER app\n", "adduser")]
    [InlineData("FROM alpine:3.20\nARG X=1\nENV PORT=8080\nEXPOSE 8080\nRUN adduser -D app\nUSER app\n", "X=1")]
    public void A_planted_change_is_caught_and_named(string consolidated, string mentioned)
    {
        var proof = EquivalenceProver.Prove(DockerfileParser.Parse(Original), NoArgs, DockerfileParser.Parse(consolidated), NoArgs, null);
        Assert.False(proof.Equivalent);
        Assert.Contains(mentioned, proof.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_build_arg_values_are_caught()
    {
        var shared = DockerfileParser.Parse("FROM alpine:3.20\nARG PORT=1\nENV PORT=\"${PORT}\"\nEXPOSE ${PORT}\nRUN adduser -D app\nUSER app\n");
        Assert.False(EquivalenceProver.Prove(DockerfileParser.Parse(Original), NoArgs, shared, NoArgs, null).Equivalent);
    }

    [Fact]
    public void An_original_that_does_not_evaluate_proves_nothing()
    {
        var broken = DockerfileParser.Parse("RUN echo no FROM\n");
        Assert.False(EquivalenceProver.Prove(broken, NoArgs, broken, NoArgs, null).Equivalent);
    }

    [Theory]
    [InlineData("COPY . /app", "svc/Dockerfile", "", true)]
    [InlineData("COPY . /app", "svc/Dockerfile", "Dockerfile\n", false)]
    [InlineData("COPY app.py /app/", "svc/Dockerfile", "", false)]
    [InlineData("COPY *.py /app/", "svc/x.py", "", true)]
    [InlineData("COPY conf /etc/conf", "svc/conf/a.ini", "", true)]
    [InlineData("COPY conf /etc/conf", "other/conf/a.ini", "", false)]
    [InlineData("COPY ./conf /etc/conf", "svc/conf/a.ini", "", true)]
    [InlineData("COPY docker-php-* /usr/local/bin/", "svc/Dockerfile", "", false)]
    [InlineData("COPY docker-php-ext-* docker-php-entrypoint /usr/local/bin/", "svc/Dockerfile", "", false)]
    [InlineData("COPY docker-php-* /usr/local/bin/", "svc/docker-php-source", "", true)]
    [InlineData("COPY Docker* /src/", "svc/Dockerfile", "", true)]
    [InlineData("COPY D?ckerfile /src/", "svc/Dockerfile", "", true)]
    [InlineData("COPY [a-d]ockerfile /src/", "svc/Dockerfile", "", false)]
    [InlineData("COPY [A-D]ockerfile /src/", "svc/Dockerfile", "", true)]
    [InlineData("COPY [^D]ockerfile /src/", "svc/Dockerfile", "", false)]
    [InlineData("COPY * /src/", "svc/Dockerfile", "", true)]
    [InlineData("COPY * /src/", "svc/Dockerfile", "Dockerfile\n", false)]
    [InlineData("COPY */*.yml /src/", "svc/Dockerfile", "", false)]
    [InlineData("COPY c* /src/", "svc/conf/Dockerfile", "", true)]
    [InlineData("COPY */Dockerfile /src/", "svc/conf/Dockerfile", "", true)]
    [InlineData("COPY */Dockerfile /src/", "svc/Dockerfile", "", false)]
    [InlineData("COPY *.Dockerfile /src/", "svc/Dockerfile", "", false)]
    [InlineData("COPY **/Dockerfile /src/", "svc/a/b/Dockerfile", "", false)]
    public void Changed_files_reaching_the_image_through_the_context_are_found(string copy, string changed, string dockerignore, bool leaks)
    {
        var doc = DockerfileParser.Parse($"FROM alpine:3.20\n{copy}\n");
        var leak = EquivalenceProver.ContextLeak(doc, NoArgs, null, "svc", DockerIgnore.Parse(dockerignore), [changed]);
        Assert.Equal(leaks, leak is not null);
    }
}
