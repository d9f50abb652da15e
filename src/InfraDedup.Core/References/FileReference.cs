namespace InfraDedup.Core.References;

/// <summary>How one file refers to another.</summary>
public enum ReferenceKind
{
    /// <summary>A compose service's <c>build</c> (the Dockerfile it builds).</summary>
    ComposeBuild,

    /// <summary>A compose <c>extends.file</c> or top-level <c>include</c> (compose file to compose file).</summary>
    ComposeFile,

    /// <summary>A CI workflow step (<c>.github/workflows/*.yml</c> <c>run</c>, <c>docker/build-push-action</c>, <c>.gitlab-ci.yml</c> <c>script</c>).</summary>
    Workflow,

    /// <summary>A Makefile recipe line.</summary>
    Makefile,

    /// <summary>A line of a shell or Python script.</summary>
    Script,

    /// <summary>A Dockerfile <c>RUN</c>/<c>CMD</c>/<c>ENTRYPOINT</c> (or <c>RUN --mount</c>) naming a file of the build context.</summary>
    DockerfileRun,

    /// <summary>A Dockerfile <c>COPY</c>/<c>ADD</c> that copies the file into an image.</summary>
    DockerfileCopy,
}

/// <summary>
/// <paramref name="Source"/> refers to <paramref name="Target"/> at <paramref name="Line"/> (1-based).
/// <paramref name="Detail"/> is the command or setting, shortened. <see cref="Ambiguous"/> marks a relative path that
/// resolved to an existing file from more than one assumed working directory (both are recorded).
/// </summary>
public sealed record FileReference(string Target, string Source, int Line, ReferenceKind Kind, string Detail)
{
    public bool Ambiguous { get; init; }
}

/// <summary>A build of a Dockerfile with a context folder, as found in a compose file, workflow, Makefile or script.</summary>
public sealed record BuildUse(string Dockerfile, string Context, string Source, int Line);
