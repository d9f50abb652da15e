using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3042 : LintRule
{
    private const string Variable = "PIP_NO_CACHE_DIR";

    public override string Id => "DL3042";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Avoid the pip cache: use pip install --no-cache-dir.";

    public override string Help => "pip keeps downloaded wheels in ~/.cache/pip, which then sits in the layer. Add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1 (in the stage or one it builds FROM), or use a cache mount.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cacheOffAt = CacheOffAtEachInstruction(context);
        foreach (var run in context.Runs)
        {
            if (cacheOffAt.GetValueOrDefault(run.Location) || run.HasCacheMountOn("/root/.cache/pip") || run.Mounts.Any(m => m.Contains(".cache/pip", StringComparison.Ordinal)))
            {
                continue;
            }

            var offInScript = false;
            foreach (var c in run.Commands)
            {
                // 'export PIP_NO_CACHE_DIR=1 && pip install …' or 'PIP_NO_CACHE_DIR=1 pip install …'.
                offInScript |= SetsVariable(c) is { } value && IsTruthy(value);
                if (!offInScript && RuleHelpers.PipInstallOperands(c, out _) is not null && !c.HasOption(string.Empty, "no-cache-dir"))
                {
                    context.Report(this, run.Location);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// For each instruction, whether an ENV before it (in its stage, or in a stage its FROM names, as inherited at that FROM)
    /// has turned the pip cache off.
    /// </summary>
    private static Dictionary<DockerfileInstruction, bool> CacheOffAtEachInstruction(LintContext context)
    {
        var result = new Dictionary<DockerfileInstruction, bool>(ReferenceEqualityComparer.Instance);
        var offByStage = new Dictionary<int, bool>();
        var off = false;
        foreach (var ins in context.Instructions)
        {
            switch (ins)
            {
                case FromInstruction from:
                    var parent = context.Stages.Take(Math.Max(context.StageOf(from), 0))
                        .LastOrDefault(s => s.Name is not null && s.Name.Equals(from.Image, StringComparison.OrdinalIgnoreCase));
                    off = parent is not null && offByStage.GetValueOrDefault(parent.Index);
                    break;
                case EnvInstruction env:
                    foreach (var pair in env.Pairs.Where(p => p.Key == Variable))
                    {
                        off = IsTruthy(RuleHelpers.Unquote(pair.Value));
                    }

                    break;
            }

            offByStage[context.StageOf(ins)] = off;
            result[ins] = off;
        }

        return result;
    }

    /// <summary>The value the command gives PIP_NO_CACHE_DIR (as a prefix assignment or an export), or null.</summary>
    private static string? SetsVariable(ShellCommand command)
    {
        var prefix = Variable + "=";
        var words = command.Assignments.Select(a => a.Value).ToList();
        if (command.Is("export"))
        {
            words.AddRange(command.Args());
        }

        return words.LastOrDefault(w => w is not null && w.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    private static bool IsTruthy(string v) => v.ToLowerInvariant() is "1" or "true" or "yes" or "on";
}
