using System.Text;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

public sealed class AlignmentTests
{
    private static Fingerprint Docker(string path, string text) =>
        Fingerprint.FromBytes(path, FamilyKind.Dockerfile, Encoding.UTF8.GetBytes(text), SimilarityOptions.Default);

    private const string Base = """
        FROM python:3.11-slim
        WORKDIR /app
        COPY app.py .
        ENV AGENT_NAME=alpha PORT=8001
        EXPOSE 8001
        CMD ["python", "app.py"]
        """;

    [Fact]
    public void Comments_continuations_and_blank_lines_do_not_matter()
    {
        var a = Docker("a", "FROM alpine\nRUN apk add curl && \\\n    rm -rf /tmp/x\n");
        var b = Docker("b", "# hello\nFROM alpine\n\n\n# comment\nRUN apk add curl \\\n  && rm -rf /tmp/x\n");
        Assert.Equal(a.ConcreteHash, b.ConcreteHash);
    }

    [Fact]
    public void Inserted_and_missing_instructions_are_reported()
    {
        var medoid = Docker("a", Base);
        var member = Docker("b", Base.Replace("WORKDIR /app\n", string.Empty, StringComparison.Ordinal) + "\nUSER app\n");
        var alignment = UnitAligner.Align(medoid.Units, member.Units);
        Assert.Null(alignment.MedoidToMember[1]); // WORKDIR missing
        Assert.Equal(0, alignment.MedoidToMember[0]);
        Assert.Equal(1, alignment.MedoidToMember[2]);
        var inserted = Assert.Single(alignment.Inserted);
        Assert.Equal(5, inserted.After);
        Assert.Equal("USER app", member.Units[inserted.MemberIndex].Render());
    }

    [Fact]
    public void Varying_tokens_are_found_per_instruction()
    {
        var medoid = Docker("a", Base);
        var member = Docker("b", Base.Replace("alpha", "beta", StringComparison.Ordinal).Replace("8001", "8002", StringComparison.Ordinal));
        Assert.Equal(medoid.AbstractHash, member.AbstractHash);
        var hunks = UnitAligner.Diff(medoid.Units[3], member.Units[3]);
        Assert.Equal([new TokenHunk(2, 1, "beta"), new TokenHunk(5, 1, "8002")], hunks);
        Assert.Equal([new TokenHunk(0, 1, "8002")], UnitAligner.Diff(medoid.Units[4], member.Units[4]));
    }

    [Fact]
    public void Token_diff_handles_insertions_and_deletions()
    {
        var a = Docker("a", "FROM x\nRUN apt-get install -y curl\n").Units[1];
        var b = Docker("b", "FROM x\nRUN apt-get install -y curl git\n").Units[1];
        Assert.Equal([new TokenHunk(4, 0, "git")], UnitAligner.Diff(a, b));
        Assert.Equal([new TokenHunk(4, 1, string.Empty)], UnitAligner.Diff(b, a));
    }

    [Fact]
    public void Alignment_similarity_tolerates_one_extra_instruction()
    {
        var a = Docker("a", Base);
        var b = Docker("b", Base + "\nRUN apk add --no-cache curl tini\n");
        var s = UnitAligner.Similarity(a.Units, b.Units, abstractView: true);
        Assert.Equal(2.0 * 6 / 13, s, 6);
        Assert.Equal(1.0, UnitAligner.Similarity(a.Units, a.Units, abstractView: true));
    }

    [Fact]
    public void Family_reports_medoid_slots_and_structure()
    {
        using var tree = new TestSupport.TempTree();
        tree.File("s1/Dockerfile", Base)
            .File("s2/Dockerfile", Base.Replace("alpha", "beta", StringComparison.Ordinal).Replace("8001", "8002", StringComparison.Ordinal))
            .File("s3/Dockerfile", Base.Replace("alpha", "gamma", StringComparison.Ordinal).Replace("8001", "8003", StringComparison.Ordinal))
            .File("s4/Dockerfile", Base + "\nUSER app\n");
        var scan = Core.Inventory.Scanner.Scan(tree.Root, new Core.Inventory.WalkOptions(), Core.Inventory.ScanParts.None);
        var family = Assert.Single(FamilyFinder.Find(scan.Root, scan.Inventory).Families);
        Assert.Equal(["s1/Dockerfile", "s2/Dockerfile", "s3/Dockerfile", "s4/Dockerfile"], family.Paths);
        Assert.Equal("s1/Dockerfile", family.Medoid);
        Assert.Equal(CloneType.Type3, family.CloneType);
        var expose = Assert.Single(family.VaryingSlots, s => s.Instruction == 4);
        Assert.Equal(["8001", "8002", "8003", "8001"], expose.Values);
        Assert.Equal("EXPOSE <8001|8002|8003>", expose.Display);
        var s4 = family.Alignment.Members[3];
        Assert.Equal([new InsertedUnit(5, "USER app")], s4.Inserted);
        Assert.Empty(s4.Missing);
    }
}
