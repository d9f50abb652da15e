namespace InfraDedup.Core.Archive;

/// <summary>
/// How much an imported export may expand. An export comes from elsewhere and may be hostile: a few megabytes of gzip
/// can hold gigabytes of zeros. Each archived file is capped, manifest and journal are capped, and the whole export
/// may expand to at most <see cref="MaxExpansionRatio"/> times its compressed size (but always to
/// <see cref="MinimumBudgetBytes"/>, and never beyond <see cref="MaxTotalBytes"/>).
/// </summary>
public sealed record ArchiveImportLimits
{
    public static ArchiveImportLimits Default { get; } = new();

    /// <summary>The largest single archived file accepted (1 GiB).</summary>
    public long MaxObjectBytes { get; init; } = 1L << 30;

    /// <summary>The largest manifest or journal accepted (16 MiB; they are read into memory).</summary>
    public long MaxMetadataBytes { get; init; } = 16L << 20;

    /// <summary>Expanded bytes allowed per compressed byte (real exports of text compress 3–10x).</summary>
    public int MaxExpansionRatio { get; init; } = 100;

    /// <summary>What a small export may always expand to (64 MiB).</summary>
    public long MinimumBudgetBytes { get; init; } = 64L << 20;

    /// <summary>The most any export may expand to (8 GiB).</summary>
    public long MaxTotalBytes { get; init; } = 8L << 30;

    /// <summary>The expansion allowed for an export of <paramref name="compressedBytes"/>.</summary>
    public long ExpansionBudget(long compressedBytes) =>
        Math.Min(MaxTotalBytes, Math.Max(MinimumBudgetBytes, compressedBytes > long.MaxValue / MaxExpansionRatio ? long.MaxValue : compressedBytes * MaxExpansionRatio));
}
