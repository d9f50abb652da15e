namespace InfraDedup.Cli.Infrastructure;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing above the threshold.</summary>
    public const int Success = 0;

    /// <summary>Findings above the threshold, or a check failed.</summary>
    public const int Findings = 1;

    /// <summary>Usage error or bad input; nothing was changed.</summary>
    public const int UsageOrInput = 2;
}
