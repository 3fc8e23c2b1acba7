using System.Globalization;
using System.Text;

namespace Podvisor.Engine.Admission;

/// <summary>
/// One validation failure, rendered exactly like apimachinery's <c>field.Error</c>
/// (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go) so that users and
/// kubectl see the apiserver's words.
/// </summary>
/// <param name="Field">The field path, e.g. <c>spec.containers[0].image</c>.</param>
/// <param name="BadValue">The offending value (string, integer, boolean) or null when the type shows none.</param>
public sealed record FieldError(string Field, FieldErrorType Type, object? BadValue = null, string? Detail = null)
{
    /// <summary>apimachinery's <c>field.Required</c>: a value that must be set is missing.</summary>
    public static FieldError Required(string field, string? detail = null) => new(field, FieldErrorType.Required, null, detail);

    /// <summary>apimachinery's <c>field.Invalid</c>: the value is wrong for the reason in <paramref name="detail"/>.</summary>
    public static FieldError Invalid(string field, object? value, string detail) => new(field, FieldErrorType.Invalid, value, detail);

    /// <summary>apimachinery's <c>field.Duplicate</c>: the value is already used elsewhere in the object.</summary>
    public static FieldError Duplicate(string field, object? value) => new(field, FieldErrorType.Duplicate, value);

    /// <summary>apimachinery's <c>field.NotFound</c>: the value refers to something that does not exist.</summary>
    public static FieldError NotFound(string field, object? value) => new(field, FieldErrorType.NotFound, value);

    /// <summary>apimachinery's <c>field.Forbidden</c>: the field may not be set here.</summary>
    public static FieldError Forbidden(string field, string detail) => new(field, FieldErrorType.Forbidden, null, detail);

    /// <summary>apimachinery's <c>field.TooLong</c>: the value has more than <paramref name="maxLength"/> bytes.</summary>
    public static FieldError TooLong(string field, int maxLength) =>
        new(field, FieldErrorType.TooLong, null, string.Create(CultureInfo.InvariantCulture, $"may not be more than {maxLength} bytes"));

    /// <summary>apimachinery's <c>field.TooMany</c>: the list has more than <paramref name="max"/> items.</summary>
    public static FieldError TooMany(string field, int actual, int max) =>
        new(field, FieldErrorType.TooMany, actual, string.Create(CultureInfo.InvariantCulture, $"must have at most {max} items"));

    /// <summary>field.NotSupported: the detail lists the supported values quoted, in the given order.</summary>
    public static FieldError NotSupported(string field, string value, IEnumerable<string> supported) =>
        new(field, FieldErrorType.NotSupported, value, "supported values: " + string.Join(", ", supported.Select(Quote)));

    /// <summary>The <c>Status</c> cause reason (metav1.CauseType) for this error.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.NotFound => "FieldValueNotFound",
        _ => throw new InvalidOperationException($"unknown field error type {Type}"),
    };

    /// <summary>The rendering without the field path: the <c>Status</c> cause message (<c>ErrorBody</c>).</summary>
    public string Message
    {
        get
        {
            var text = new StringBuilder(TypeText);
            // Required, Forbidden and TooLong never print the value (errors.go ErrorBody).
            if (Type is FieldErrorType.Invalid or FieldErrorType.NotSupported or FieldErrorType.Duplicate or FieldErrorType.TooMany or FieldErrorType.NotFound)
            {
                text.Append(": ").Append(FormatValue(BadValue));
            }

            if (!string.IsNullOrEmpty(Detail))
            {
                text.Append(": ").Append(Detail);
            }

            return text.ToString();
        }
    }

    private string TypeText => Type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.NotFound => "Not found",
        _ => throw new InvalidOperationException($"unknown field error type {Type}"),
    };

    /// <summary><c>spec.containers[0].image: Required value</c>.</summary>
    public string Render() => $"{Field}: {Message}";

    /// <summary>The same text as <see cref="Render"/>.</summary>
    public override string ToString() => Render();

    /// <summary>Go's rendering: strings as <c>%q</c>, numbers and booleans bare, nil as <c>null</c>.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    /// <summary>Go's <c>strconv.Quote</c> for the characters manifests contain.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
