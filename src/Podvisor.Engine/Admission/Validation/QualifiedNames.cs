using System.Text.RegularExpressions;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// apimachinery's <c>IsQualifiedName</c> and <c>IsValidLabelValue</c>
/// (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go), message for message.
/// </summary>
internal static partial class QualifiedNames
{
    private const int NameMaxLength = 63;
    private const int LabelValueMaxLength = 63;
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
        + QualifiedNameFormat + "')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '("
        + QualifiedNameFormat + ")?')";

    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var messages = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    messages.Add("prefix part must be non-empty");
                }
                else
                {
                    messages.AddRange(NameRules.Dns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                return ["a qualified name " + QualifiedNameMessage + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            messages.Add("name part must be non-empty");
        }
        else if (name.Length > NameMaxLength)
        {
            messages.Add("name part " + NameRules.MaxLengthMessage(NameMaxLength));
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            messages.Add("name part " + QualifiedNameMessage);
        }

        return messages;
    }

    public static IReadOnlyList<string> LabelValue(string value)
    {
        var messages = new List<string>();
        if (value.Length > LabelValueMaxLength)
        {
            messages.Add(NameRules.MaxLengthMessage(LabelValueMaxLength));
        }

        if (value.Length > 0 && !QualifiedNameRegex().IsMatch(value))
        {
            messages.Add(LabelValueMessage);
        }

        return messages;
    }

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z")]
    private static partial Regex QualifiedNameRegex();
}
