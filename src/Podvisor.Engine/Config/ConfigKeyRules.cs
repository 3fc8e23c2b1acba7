using System.Text.RegularExpressions;
using Podvisor.Engine.Admission.Validation;

namespace Podvisor.Engine.Config;

/// <summary>
/// apimachinery <c>IsConfigMapKey</c> (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go): the keys of
/// ConfigMap <c>data</c>/<c>binaryData</c> and Secret <c>data</c>, which become file names in volumes. Every message
/// that applies, in upstream order.
/// </summary>
internal static partial class ConfigKeyRules
{
    public const int MaxLength = 253;

    // RegexError's wording, double spaces included.
    public const string KeyMessage =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    public static IReadOnlyList<string> Check(string key)
    {
        var messages = new List<string>();
        if (key.Length > MaxLength)
        {
            messages.Add(NameRules.MaxLengthMessage(MaxLength));
        }

        if (!KeyPattern().IsMatch(key))
        {
            messages.Add(KeyMessage);
        }

        // hasChDirPrefix: a key may not walk out of, or shadow, the volume's own "..data" entries.
        if (key == ".")
        {
            messages.Add("must not be '.'");
        }
        else if (key == "..")
        {
            messages.Add("must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            messages.Add("must not start with '..'");
        }

        return messages;
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+\\z")]
    private static partial Regex KeyPattern();
}
