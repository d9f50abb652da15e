using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

public class DeadInstructionTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private static (IReadOnlyList<DeadInstruction> Dead, bool Keeps) Analyze(string text, string? target = null)
    {
        var doc = DockerfileParser.Parse(text);
        var dead = DeadInstructionAnalyzer.Find(doc, NoArgs, target);
        return (dead, DeadInstructionAnalyzer.RemovalKeepsSpec(doc, dead, NoArgs, target));
    }

    [Theory]
    [InlineData("FROM a\nUSER app\nUSER app\nRUN x\n", "3:duplicate of line 2")]
    [InlineData("FROM a\nUSER app\nRUN x\nUSER app\n", "4:duplicate of line 2")]
    [InlineData("FROM a\nENV A=1\nENV A=2\nRUN x\n", "2:overridden by line 3")]
    [InlineData("FROM a\nWORKDIR /w\nWORKDIR /w\n", "3:duplicate of line 2")]
    [InlineData("FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n", "2:overridden by line 3")]
    [InlineData("FROM a\nENTRYPOINT a\nENTRYPOINT b\n", "2:overridden by line 3")]
    [InlineData("FROM a\nEXPOSE 80\nEXPOSE 80/tcp\n", "3:has no effect")]
    [InlineData("FROM a\nLABEL a=1\nLABEL a=2\n", "2:overridden by line 3")]
    [InlineData("FROM a\nHEALTHCHECK CMD x\nHEALTHCHECK NONE\n", "2:overridden by line 3")]
    [InlineData("FROM a\nSTOPSIGNAL 9\nSTOPSIGNAL 15\n", "2:overridden by line 3")]
    [InlineData("FROM a\nSHELL [\"bash\", \"-c\"]\nSHELL [\"sh\", \"-c\"]\nRUN x\n", "2:overridden by line 3")]
    [InlineData("FROM a\nARG UNUSED=1\n", "2:ARG UNUSED is never used")]
    [InlineData("ARG GLOBAL=1\nFROM a\nRUN x\n", "1:ARG GLOBAL is never used")]
    [InlineData("FROM a\nCMD [\"a\"]\nENTRYPOINT [\"e\"]\nCMD [\"b\"]\n", "2:overridden by line 4")]
    [InlineData("FROM a AS unused\nRUN x\nFROM b\nRUN y\n", "1:stage unused is not reachable;2:stage unused is not reachable")]
    [InlineData("ARG V=1\nFROM a:$V AS unused\nFROM b\n", "1:ARG V is never used;2:stage unused is not reachable")]
    public void Dead_instructions_are_found(string text, string expected)
    {
        var (dead, keeps) = Analyze(text);
        var want = expected.Split(';');
        Assert.Equal(want.Length, dead.Count);
        for (var i = 0; i < want.Length; i++)
        {
            var parts = want[i].Split(':', 2);
            Assert.Equal(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), dead[i].Line);
            Assert.StartsWith(parts[1], dead[i].Reason, StringComparison.Ordinal);
        }

        Assert.True(keeps);
    }

    [Theory]
    [InlineData("FROM a\nENV A=1\nRUN x\nENV A=2\n")]
    [InlineData("FROM a\nUSER app\nRUN x\nUSER root\n")]
    [InlineData("FROM a\nWORKDIR /a\nWORKDIR /b\n")]
    [InlineData("FROM a\nARG X\nRUN make\n")]
    [InlineData("FROM a\nARG X=1\nRUN make\n")]
    [InlineData("ARG TAG\nFROM a:$TAG\n")]
    [InlineData("FROM a\nARG X=1\nENV Y=$X\n")]
    [InlineData("FROM a\nUSER app\nWORKDIR /w\n")]
    [InlineData("FROM a AS build\nRUN x\nFROM b\nCOPY --from=build / /\n")]
    [InlineData("FROM a\nCOPY x /x\nCOPY x /x\n")]
    public void Live_instructions_are_not_reported(string text)
    {
        var (dead, keeps) = Analyze(text);
        Assert.Empty(dead);
        Assert.True(keeps);
    }

    [Fact]
    public void Both_duplicates_are_not_removed_together()
    {
        var (dead, keeps) = Analyze("FROM a\nUSER app\nUSER app\nUSER app\nCMD x\n");
        Assert.Equal([3, 4], dead.Select(d => d.Line));
        Assert.True(keeps);
    }

    [Fact]
    public void Target_makes_later_stages_unreachable()
    {
        var (dead, keeps) = Analyze("FROM a AS one\nRUN x\nFROM b AS two\nRUN y\n", target: "one");
        Assert.Equal([3, 4], dead.Select(d => d.Line));
        Assert.True(keeps);
    }

    [Fact]
    public void Removed_text_drops_continuations_and_heredocs()
    {
        var doc = DockerfileParser.Parse("FROM a\nENV A=1 \\\n  B=2\nRUN <<EOF\nx\nEOF\nENV A=3 B=4\n");
        var remove = doc.Instructions.Where(i => i is EnvInstruction or RunInstruction).Take(2);
        Assert.Equal("FROM a\nENV A=3 B=4\n", DeadInstructionAnalyzer.WithoutInstructions(doc, remove));
    }
}
