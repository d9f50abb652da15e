using InfraDedup.Core.Scripts;
using Xunit;

namespace InfraDedup.Core.Tests.Scripts;

public class ShellCommandTests
{
    private static string Show(IEnumerable<ShellCommand> commands) => string.Join(" | ", commands.Select(c => c.ToString()));

    [Fact]
    public void Splits_on_operators_and_newlines()
    {
        var cmds = ShellCommand.Parse("set -e\napt-get update && apt-get install -y \\\n  curl; rm -rf /var/lib/apt/lists/* | cat &\n");
        Assert.Equal("set -e | apt-get update | apt-get install -y curl | rm -rf /var/lib/apt/lists/* | cat", Show(cmds));
        Assert.False(cmds[2].HasArgument("--no-install-recommends"));
        Assert.Equal("apt-get", cmds[2].CommandName);
        Assert.Equal(2, cmds[2].Span.Line);
    }

    [Fact]
    public void Assignments_redirects_and_fd_numbers_are_separated()
    {
        var c = Assert.Single(ShellCommand.Parse("DEBIAN_FRONTEND=noninteractive X=\"$y\" bash ./build.sh 2>&1 >/dev/null arg"));
        Assert.Equal("bash ./build.sh arg", c.ToString());
        Assert.Equal(2, c.Assignments.Count);
        Assert.Equal(2, c.Redirects.Count);
        Assert.Equal("2", c.Redirects[0].FileDescriptor?.Text);
        Assert.Equal("1", c.Redirects[0].Target?.Value);
        Assert.Equal("/dev/null", c.Redirects[1].Target?.Value);
    }

    [Fact]
    public void Reserved_words_and_compound_headers_are_skipped()
    {
        var script = """
            if [ -f x ]; then ./x.sh; else echo no; fi
            for f in a b; do bash "$f"; done
            case "$1" in
              start|go) docker build -f Dockerfile.prod . ;;
              *) exit 1 ;;
            esac
            deploy() { kubectl apply -f k8s/; }
            function clean { rm -rf out; }
            while ! curl -s localhost; do sleep 1; done
            """;
        Assert.Equal(
            "[ -f x ] | ./x.sh | echo no | bash \"$f\" | docker build -f Dockerfile.prod . | exit 1 | kubectl apply -f k8s/ | rm -rf out | curl -s localhost | sleep 1",
            Show(ShellCommand.Parse(script)));
    }

    [Fact]
    public void Commands_inside_substitutions_are_found()
    {
        var cmds = ShellCommand.Parse("VERSION=$(git describe --tags) make \"$(./scripts/target.sh)\"");
        Assert.Equal("make \"$(./scripts/target.sh)\" | git describe --tags | ./scripts/target.sh", Show(cmds));
        Assert.Equal([0, 1, 1], cmds.Select(c => c.Depth).ToArray());
        Assert.Equal(1, cmds[1].Span.Line);
        Assert.Equal(11, cmds[1].Span.Column);
        Assert.Equal("make \"$(./scripts/target.sh)\"", Show(ShellCommand.Parse("make \"$(./scripts/target.sh)\"", includeSubstitutions: false)));
    }

    [Fact]
    public void Heredoc_bodies_are_not_commands()
    {
        var cmds = ShellCommand.Parse("cat <<EOF > /etc/x\nrm -rf /\nEOF\necho ok\n");
        Assert.Equal("cat | echo ok", Show(cmds));
    }
}
