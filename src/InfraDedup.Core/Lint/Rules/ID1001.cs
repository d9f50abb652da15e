using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Secrets;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1001 : LintRule
{
    public override string Id => "ID1001";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Do not bake secrets into ENV, ARG or LABEL values.";

    public override string Help => "Values of ENV, ARG defaults and LABELs are stored in the image config and history; anyone who can pull the image can read them. Found by the variable name (password, token, secret, api key, …) with a literal value, or by the value's shape (cloud keys, tokens, private keys, URLs with passwords). Placeholders are not secrets: an empty value, a variable reference ($VAR, ${VAR}), a template slot (<…>, {{…}}), one repeated character (xxxx) and stand-in words such as local, localhost, changeme, dummy, example or your_api_key_here pass. Reports redact the values this rule finds (see docs/security.md). Use RUN --mount=type=secret or runtime configuration.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var ins in context.Instructions)
        {
            var pairs = ins switch
            {
                KeyValueInstruction kv => kv.Pairs.Select(p => (p.Key, Value: (string?)p.Value)),
                ArgInstruction a => a.Declarations.Select(d => (Key: d.Name, Value: d.DefaultValue)),
                _ => [],
            };
            foreach (var (key, raw) in pairs)
            {
                if (raw is null)
                {
                    continue;
                }

                var value = RuleHelpers.Unquote(raw);
                var name = RuleHelpers.Unquote(key);
                var shape = SecretDetector.ShapeOf(value);
                if (shape is not null)
                {
                    context.Report(this, ins, $"{ins.Name} {name} holds what looks like {shape}; remove it and pass it as a build secret or at run time");
                }
                else if (SecretDetector.Classify(name, value) is not null)
                {
                    context.Report(this, ins, $"{ins.Name} {name} sets a secret-looking variable to a literal value; pass it as a build secret or at run time");
                }
            }
        }
    }
}
