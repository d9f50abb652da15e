using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Tests.Templates;

public sealed class LineSimilarityTests
{
    private static readonly string[] Lines =
    [
        "FROM python:3.11-slim",
        "FROM python:3.12-alpine AS build",
        "RUN apt-get update && apt-get install -y curl",
        "RUN apt-get update && apt-get install -y curl git",
        "RUN apk add --no-cache curl",
        "ENV PORT=8001",
        "ENV PORT=8002",
        "ENV LOG_LEVEL=info",
        "    && rm -rf /var/lib/apt/lists/*",
        "EXPOSE 8001",
        "EXPOSE 8002",
        "CMD [\"python\", \"main.py\"]",
    ];

    [Fact]
    public void Scores_follow_the_alignment_rules()
    {
        var similarity = new LineSimilarity();
        Assert.Equal(2.0, similarity.Score(Lines[5], Lines[5]));
        Assert.InRange(similarity.Score(Lines[5], Lines[6]), 0.5, 1.0);
        Assert.True(double.IsNegativeInfinity(similarity.Score(Lines[5], Lines[7])), "ENV of another key must not align");
        Assert.True(double.IsNegativeInfinity(similarity.Score(Lines[2], Lines[4])), "RUN of another command must not align");
        Assert.False(double.IsNegativeInfinity(similarity.Score(Lines[0], Lines[1])), "FROM lines always may align");
        Assert.Equal(-1, similarity.KeyOf(Lines[0]));
        Assert.Equal(similarity.KeyOf(Lines[9]), similarity.KeyOf(Lines[10]));
    }

    [Fact]
    public void Shared_between_threads_it_scores_as_a_fresh_instance_does()
    {
        // Template clustering builds drafts in parallel on one instance; interning and caching from many threads at
        // once must neither lose a line nor mix up ids.
        var generated = Enumerable.Range(0, 400).Select(i => $"ENV PORT=80{i % 40}").Concat(Enumerable.Range(0, 400).Select(i => $"RUN pip install package-{i % 97}"))
            .Concat(Lines).ToArray();
        var shared = new LineSimilarity();
        var results = new double[generated.Length, Lines.Length];
        Parallel.For(0, generated.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var j = 0; j < Lines.Length; j++)
            {
                results[i, j] = shared.Score(generated[i], Lines[j]);
            }
        });

        var fresh = new LineSimilarity();
        for (var i = 0; i < generated.Length; i++)
        {
            Assert.Equal(generated[i], shared.Text(shared.Intern(generated[i])));
            for (var j = 0; j < Lines.Length; j++)
            {
                Assert.Equal(fresh.Score(generated[i], Lines[j]), results[i, j]);
            }
        }
    }
}
