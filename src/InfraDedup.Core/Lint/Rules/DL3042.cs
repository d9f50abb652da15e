using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3042 : LintRule
{
    public override string Id => "DL3042";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Avoid the pip cache: use pip install --no-cache-dir.";

    public override string Help => "pip keeps downloaded wheels in ~/.cache/pip, which then sits in the layer. Add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or use a cache mount.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var envOff = new HashSet<int>();
        foreach (var ins in context.Instructions)
        {
            if (ins is Dockerfiles.EnvInstruction env && env.Pairs.Any(p => p.Key == "PIP_NO_CACHE_DIR" && IsTruthy(RuleHelpers.Unquote(p.Value))))
            {
                envOff.Add(context.StageOf(ins));
            }
        }

        foreach (var run in context.Runs)
        {
            if (envOff.Contains(run.StageIndex) || run.HasCacheMountOn("/root/.cache/pip") || run.Mounts.Any(m => m.Contains(".cache/pip", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var c in run.Commands)
            {
                if (RuleHelpers.PipInstallOperands(c, out _) is not null && !c.HasOption(string.Empty, "no-cache-dir")
                    && !c.Assignments.Any(a => a.Value is { } v && v.StartsWith("PIP_NO_CACHE_DIR=", StringComparison.Ordinal) && IsTruthy(v[17..])))
                {
                    context.Report(this, run.Location);
                    break;
                }
            }
        }
    }

    private static bool IsTruthy(string v) => v.ToLowerInvariant() is "1" or "true" or "yes" or "on";
}
