namespace InfraDedup.Core.Sample;

/// <summary>What <see cref="SampleGenerator.Generate(SampleOptions)"/> writes and where.</summary>
public sealed record SampleOptions
{
    /// <summary>Smallest supported service count (enough for every feature to appear at least once).</summary>
    public const int MinServices = 5;

    /// <summary>Largest supported service count.</summary>
    public const int MaxServices = 100_000;

    /// <summary>Folder to write the sample monorepo into; created when missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Number of services under <c>services/</c>; every other count scales with it.</summary>
    public int Services { get; init; } = 120;

    /// <summary>Seed of the deterministic generator: same options, byte-identical tree.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>When true an existing non-empty output folder is emptied first; otherwise it is refused.</summary>
    public bool Overwrite { get; init; }
}
