namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Names the JSON Schema (<c>infradedup schema NAME</c>) of a document a command prints with <c>--format json</c>
/// (repeat it when a command prints more than one kind, e.g. <c>lint</c> and <c>lint --list-rules</c>).
/// It is the registry that ties commands to schemas: a test finds every command whose settings accept
/// <c>--format json</c> and fails when one has no schema named here, or names a schema that is not embedded.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class JsonOutputAttribute(string schema) : Attribute
{
    public string Schema { get; } = schema;
}
