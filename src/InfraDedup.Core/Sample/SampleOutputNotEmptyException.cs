namespace InfraDedup.Core.Sample;

/// <summary>The sample output folder already has content and overwriting was not requested.</summary>
public sealed class SampleOutputNotEmptyException : IOException
{
    public SampleOutputNotEmptyException()
        : this(string.Empty)
    {
    }

    public SampleOutputNotEmptyException(string outputDirectory)
        : base($"Output directory '{outputDirectory}' is not empty; choose an empty directory or pass overwrite to replace its contents.")
    {
        OutputDirectory = outputDirectory;
    }

    public SampleOutputNotEmptyException(string message, Exception innerException)
        : base(message, innerException)
    {
        OutputDirectory = string.Empty;
    }

    /// <summary>The folder that was refused.</summary>
    public string OutputDirectory { get; }
}
