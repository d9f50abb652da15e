// The namespace stays that of the file this type came from (Inventory), so no caller changes; it lives in Common
// because every long stage (scan, similar, plan, report, validate --build) reports with it.
namespace InfraDedup.Core.Inventory;

/// <summary>Progress of a long stage: how many of how many items are done.</summary>
public readonly record struct StageProgress(string Stage, long Done, long Total);
