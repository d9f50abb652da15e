using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class PlanContextTests
{
    [Fact]
    public void Unique_names_never_repeat_and_avoid_existing_shared_files()
    {
        using var tree = StageFixture.Agents().File("docker/shared/agent.Dockerfile", "FROM scratch\n");
        var context = StageFixture.Context(tree);

        Assert.Equal("agent-2", context.UniqueName("agent"));
        Assert.Equal("agent-3", context.UniqueName("agent"));
        Assert.Equal("other", context.UniqueName("other"));
    }

    [Fact]
    public void Creating_a_file_that_exists_is_a_user_error_naming_it()
    {
        using var tree = StageFixture.Agents();
        var context = StageFixture.Context(tree);

        var e = Assert.Throws<UserInputException>(() => context.Create("services/alpha/app.py", "x", "test"));
        Assert.Contains("services/alpha/app.py", e.Message, StringComparison.Ordinal);
        Assert.Equal(Planner.Sha256("x"), context.Create("new.txt", "x", "test").Sha256);
    }

    [Fact]
    public void Inputs_record_the_hash_of_the_bytes_read()
    {
        using var tree = StageFixture.Agents();
        var context = StageFixture.Context(tree);

        context.RecordInput("services/alpha/Dockerfile");
        Assert.Equal(Planner.Sha256(File.ReadAllBytes(tree.PathOf("services/alpha/Dockerfile"))), context.Inputs["services/alpha/Dockerfile"]);
    }

    [Fact]
    public void Merge_prefers_the_second_set()
    {
        var merged = PlanContext.Merge(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, new Dictionary<string, string> { ["B"] = "3" });
        Assert.Equal("1", merged["A"]);
        Assert.Equal("3", merged["B"]);
    }
}
