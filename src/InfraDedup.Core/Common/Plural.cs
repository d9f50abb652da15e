using System.Globalization;

namespace InfraDedup.Core;

/// <summary>Counted nouns for messages: "1 Dockerfile", "2 Dockerfiles", "1 family", "3 families".</summary>
public static class Plural
{
    /// <summary>The count and the noun in the right number (regular English plurals; pass irregular ones).</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? Regular(singular));

    private static string Regular(string singular)
    {
        if (singular.EndsWith('y') && singular.Length > 1 && !"aeiou".Contains(singular[^2], StringComparison.Ordinal))
        {
            return singular[..^1] + "ies";
        }

        return singular.EndsWith('s') || singular.EndsWith('x') || singular.EndsWith("sh", StringComparison.Ordinal) || singular.EndsWith("ch", StringComparison.Ordinal)
            ? singular + "es"
            : singular + "s";
    }
}
