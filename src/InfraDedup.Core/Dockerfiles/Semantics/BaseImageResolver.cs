namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>A Dockerfile that builds an image reference (e.g. an in-repo base producing <c>project/base:hash</c>).</summary>
public sealed record BaseImageDefinition(DockerfileDocument Document, IReadOnlyDictionary<string, string> BuildArgs, string? Target = null);

/// <summary>Maps image references (after ARG expansion) to the Dockerfiles that produce them; null when unknown (opaque).</summary>
public interface IBaseImageResolver
{
    BaseImageDefinition? Resolve(string imageReference);
}

/// <summary>A resolver over a fixed map of image references.</summary>
public sealed class DictionaryBaseImageResolver(IReadOnlyDictionary<string, BaseImageDefinition> images) : IBaseImageResolver
{
    public BaseImageDefinition? Resolve(string imageReference) =>
        images.TryGetValue(imageReference, out var def) ? def : null;
}
