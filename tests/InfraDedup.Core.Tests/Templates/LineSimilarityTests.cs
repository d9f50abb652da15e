using CsCheck;
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

    [Fact]
    public void Remembered_scores_are_the_computed_ones_whatever_instances_and_threads_ask()
    {
        // Scores are remembered per thread in a fixed table (a pair may replace another): asked in any order, again and
        // again, alternating between instances, a score is the one computed afresh.
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var random = new Random(seed);
            string Line() => random.Next(6) switch
            {
                0 => "FROM python:3." + random.Next(10, 13) + (random.Next(2) == 0 ? "-slim" : "-alpine AS build"),
                1 => "from node:" + random.Next(18, 22),
                2 => "ENV PORT=" + random.Next(8000, 8010) + (random.Next(2) == 0 ? " NAME=svc-" + random.Next(5) : string.Empty),
                3 => "RUN apt-get install -y curl" + (random.Next(2) == 0 ? " git" : string.Empty),
                4 => "    && rm -rf /var/lib/apt/lists/*" + new string(' ', random.Next(2)),
                _ => Lines[random.Next(Lines.Length)],
            };
            string[] pool = [.. Enumerable.Range(0, 40).Select(_ => Line())];
            var first = new LineSimilarity();
            var second = new LineSimilarity();
            var pairs = Enumerable.Range(0, 400).Select(_ => (pool[random.Next(pool.Length)], pool[random.Next(pool.Length)])).ToArray();
            Parallel.For(0, 3 * pairs.Length, k =>
            {
                var (a, b) = pairs[k % pairs.Length];
                var similarity = k % 2 == 0 ? first : second;
                Assert.Equal(similarity.ComputeScore(similarity.Intern(a), similarity.Intern(b)), similarity.Score(a, b));
            });
        }, iter: 50);
    }
}
