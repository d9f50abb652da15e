using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>
/// One way a Dockerfile is built: a compose service's build with its context, resolved args and target.
/// <see cref="Problem"/> says why the planner cannot rely on it (unresolved variables, args from the environment…).
/// </summary>
public sealed record BuildConfiguration(
    string ComposeFile,
    string Service,
    string Context,
    string Dockerfile,
    IReadOnlyDictionary<string, string> Args,
    string? Target,
    string? Problem);

/// <summary>Collects the compose build configurations of every Dockerfile.</summary>
public static class BuildConfigurations
{
    /// <summary>Build configurations by Dockerfile path (ordinal), each list sorted by compose file and service.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<BuildConfiguration>> Collect(IEnumerable<ComposeFile> composeFiles)
    {
        ArgumentNullException.ThrowIfNull(composeFiles);
        var result = new Dictionary<string, List<BuildConfiguration>>(StringComparer.Ordinal);
        foreach (var file in composeFiles)
        {
            foreach (var service in file.Services)
            {
                if (service.Build is not { Dockerfile: { } dockerfile, Context: { } context } build)
                {
                    continue;
                }

                var problem = file.Errors.Count > 0 ? $"{file.Path} has errors ({file.Errors[0].Line}:{file.Errors[0].Column}: {file.Errors[0].Message})" : null;
                var args = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var arg in build.Args)
                {
                    if (arg.Value?.Value is not { } value)
                    {
                        problem ??= $"build arg {arg.Name} of {file.Path}:{service.Name} takes its value from the environment";
                        continue;
                    }

                    args[arg.Name] = value;
                }

                if (build.Target is { Value: null })
                {
                    problem ??= $"build target of {file.Path}:{service.Name} uses an unset variable";
                }

                if (build.ContextValue?.EnvVariables.Count > 0 || build.DockerfileValue?.EnvVariables.Count > 0)
                {
                    var names = (build.ContextValue?.EnvVariables ?? []).Concat(build.DockerfileValue?.EnvVariables ?? []).Distinct(StringComparer.Ordinal);
                    problem ??= $"the build of {file.Path}:{service.Name} takes its path from .env ({string.Join(", ", names)}); the planner does not rewrite variables";
                }

                if (service.Extends is not null)
                {
                    problem ??= $"{file.Path}:{service.Name} uses extends; its merged build is not modelled";
                }

                if (!result.TryGetValue(dockerfile, out var list))
                {
                    result[dockerfile] = list = [];
                }

                list.Add(new BuildConfiguration(file.Path, service.Name, context, dockerfile, args, build.Target?.Value, problem));
            }
        }

        return result.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<BuildConfiguration>)[.. kv.Value.OrderBy(c => c.ComposeFile, StringComparer.Ordinal).ThenBy(c => c.Service, StringComparer.Ordinal)],
            StringComparer.Ordinal);
    }

    /// <summary>The relative path from folder <paramref name="from"/> to file <paramref name="to"/> (both repository paths, '/').</summary>
    public static string RelativePath(string from, string to)
    {
        var a = from.Length == 0 ? [] : from.Split('/');
        var b = to.Split('/');
        var common = 0;
        while (common < a.Length && common < b.Length - 1 && a[common] == b[common])
        {
            common++;
        }

        var parts = Enumerable.Repeat("..", a.Length - common).Concat(b.Skip(common));
        return string.Join('/', parts);
    }
}
