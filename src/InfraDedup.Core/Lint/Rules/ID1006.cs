using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1006 : LintRule
{
    public override string Id => "ID1006";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Do not declare /dev, /proc or /sys (or folders in them) as a VOLUME.";

    public override string Help => "Mounting the kernel's pseudo-filesystems into a container gives it control over the host.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var volume in context.Instructions.OfType<ListInstruction>().Where(i => i.Name == "VOLUME"))
        {
            var bad = volume.Values.Select(RuleHelpers.Unquote).FirstOrDefault(v =>
                v.TrimEnd('/') is "/dev" or "/proc" or "/sys" || v.StartsWith("/dev/", StringComparison.Ordinal) || v.StartsWith("/proc/", StringComparison.Ordinal) || v.StartsWith("/sys/", StringComparison.Ordinal));
            if (bad is not null)
            {
                context.Report(this, volume, $"VOLUME {bad} exposes a host pseudo-filesystem");
            }
        }
    }
}
