using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3011 : LintRule
{
    public override string Id => "DL3011";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "EXPOSE ports must be between 0 and 65535.";

    public override string Help => "A larger number is not a port; the build or the container runtime rejects it.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var expose in context.Instructions.OfType<ListInstruction>().Where(i => i.Name == "EXPOSE"))
        {
            foreach (var value in expose.Values)
            {
                var spec = value.Split('/')[0];
                foreach (var part in spec.Split('-'))
                {
                    if (part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length > 5 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 65535))
                    {
                        context.Report(this, expose, $"port {part} is out of range (0-65535)");
                    }
                }
            }
        }
    }
}
