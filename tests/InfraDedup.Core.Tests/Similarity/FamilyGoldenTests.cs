using System.Globalization;
using System.Text;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.Sample;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// The families of the default <c>similar</c> (members, medoids, similarities, clone types) on the sample and on every
/// real corpus. First written before the aligned check got its bounds and banded DP (commit 334651d): a faster check
/// must not change a family. Regenerated when medoid-bound families became the default: chained components split
/// (only where a member was below the threshold to the medoid) and similarities are the measure's, not the Jaccard.
/// </summary>
public sealed class FamilyGoldenTests
{
    public static TheoryData<string> Corpora => new([.. RealCorpora.Container, RealCorpora.Python]);

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Real_corpus_families_are_unchanged(string corpus)
    {
        var root = RealCorpora.Require(corpus);
        Golden.AssertMatches($"families/{corpus}.txt", Render(Families(root)));
    }

    [Fact]
    public void Sample_families_are_unchanged()
    {
        using var dir = new TempDir();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = 120, Seed = 42 });
        Golden.AssertMatches("families/sample.txt", Render(Families(dir.Path)));
    }

    private static SimilarityReport Families(string root)
    {
        var inventory = Scanner.Inventory(root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        return FamilyFinder.Find(inventory.Root, inventory.Files, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static string Render(SimilarityReport report)
    {
        var sb = new StringBuilder();
        foreach (var family in report.Families)
        {
            var kind = family.Kind.ToString().ToLowerInvariant();
            sb.Append(CultureInfo.InvariantCulture, $"{kind} {family.Medoid} minSimilarity={family.MinSimilarity}\n");
            foreach (var m in family.Members)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {m.Path} {m.Similarity} {m.CloneType.ToString().ToLowerInvariant()}\n");
            }
        }

        return sb.ToString();
    }
}
