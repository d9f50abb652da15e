using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Converts option values to enum members by the names the help and README use: kebab-case
/// (<c>build-args</c> for <c>BuildArgs</c>), case-insensitive. Spectre's default converter only knows the C# names,
/// so <c>--strategy build-args</c> failed with "valid values are 'Auto', 'BuildArgs', …".
/// </summary>
public class KebabEnumConverter<TEnum> : TypeConverter
    where TEnum : struct, Enum
{
    /// <summary>Other names a value is accepted under (not listed in help or errors).</summary>
    protected virtual IReadOnlyDictionary<string, TEnum> Aliases { get; } = new Dictionary<string, TEnum>();

    /// <summary>The names the help and errors list.</summary>
    public IEnumerable<string> Names => Enum.GetValues<TEnum>().Select(m => KebabCase.Of(m.ToString()));

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
        {
            return base.ConvertFrom(context, culture, value);
        }

        foreach (var member in Enum.GetValues<TEnum>())
        {
            if (string.Equals(text, KebabCase.Of(member.ToString()), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, member.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        foreach (var (alias, member) in Aliases)
        {
            if (string.Equals(text, alias, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        throw new OptionValueException($"'{text}' is not one of {string.Join(", ", Names)}.");
    }
}

/// <summary>Kebab-case names for option values.</summary>
public static class KebabCase
{
    /// <summary>The kebab-case form of a C# name: <c>BuildArgs</c> → <c>build-args</c>.</summary>
    public static string Of(string pascal)
    {
        var kebab = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(pascal[i]));
        }

        return kebab.ToString();
    }
}

/// <summary>An option value a converter refused; the message lists what is accepted (the option name is added by the caller).</summary>
public sealed class OptionValueException : FormatException
{
    public OptionValueException()
    {
    }

    public OptionValueException(string message)
        : base(message)
    {
    }

    public OptionValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
