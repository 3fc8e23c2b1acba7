using System.Text.RegularExpressions;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// The apimachinery name checks (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go):
/// each returns every message that applies, in upstream order, so callers emit one error per message.
/// </summary>
public static partial class NameRules
{
    /// <summary>The longest DNS-1123 label.</summary>
    public const int Dns1123LabelMaxLength = 63;
    /// <summary>The longest DNS-1123 subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;
    /// <summary>The longest IANA service (port) name.</summary>
    public const int PortNameMaxLength = 15;

    // The messages below are the apimachinery ones, word for word (including the double space
    // before "or" that RegexError produces when it joins examples).
    /// <summary>apimachinery's message for a value that is not a DNS-1123 label.</summary>
    public const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>apimachinery's message for a value that is not a DNS-1123 subdomain.</summary>
    public const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    // RelaxedEnvironmentVariableValidation is GA in 1.34: any printable ASCII except '='.
    /// <summary>apimachinery's message for an invalid environment variable name.</summary>
    public const string EnvVarNameMessage = "a valid environment variable name must consist only of printable ASCII characters other than '='";

    /// <summary>apimachinery's message for a port number out of range.</summary>
    public const string PortRangeMessage = "must be between 1 and 65535, inclusive";

    /// <summary>apimachinery's <c>MaxLenError</c> text.</summary>
    public static string MaxLengthMessage(int length) => $"must be no more than {length} characters";

    /// <summary><c>IsDNS1123Label</c>: every message that applies, none when valid.</summary>
    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        var messages = new List<string>();
        if (value.Length > Dns1123LabelMaxLength)
        {
            messages.Add(MaxLengthMessage(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            messages.Add(Dns1123LabelMessage);
        }

        return messages;
    }

    /// <summary><c>IsDNS1123Subdomain</c>: every message that applies, none when valid.</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        var messages = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            messages.Add(MaxLengthMessage(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            messages.Add(Dns1123SubdomainMessage);
        }

        return messages;
    }

    /// <summary>IsValidPortName: an IANA_SVC_NAME (RFC 6335).</summary>
    public static IReadOnlyList<string> PortName(string value)
    {
        var messages = new List<string>();
        if (value.Length > PortNameMaxLength)
        {
            messages.Add(MaxLengthMessage(PortNameMaxLength));
        }

        if (!PortNameCharsetRegex().IsMatch(value))
        {
            messages.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!value.Any(c => c is >= 'a' and <= 'z'))
        {
            messages.Add("must contain at least one letter (a-z)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            messages.Add("must not contain consecutive hyphens");
        }

        if (value.Length > 0 && (value[0] == '-' || value[^1] == '-'))
        {
            messages.Add("must not begin or end with a hyphen");
        }

        return messages;
    }

    /// <summary><c>IsEnvVarName</c> (relaxed, GA in 1.34): its message, or none when valid.</summary>
    public static IReadOnlyList<string> EnvVarName(string value) =>
        value.All(c => c is >= ' ' and <= '~' && c != '=') ? [] : [EnvVarNameMessage];

    /// <summary>IsValidPortNum.</summary>
    public static bool IsValidPort(long port) => port is >= 1 and <= 65535;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharsetRegex();
}
