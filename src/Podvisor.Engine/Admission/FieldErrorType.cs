namespace Podvisor.Engine.Admission;

/// <summary>The closed set of apimachinery <c>field.ErrorType</c>s admission can report.</summary>
public enum FieldErrorType
{
    /// <summary><c>FieldValueRequired</c>.</summary>
    Required,
    /// <summary><c>FieldValueInvalid</c>.</summary>
    Invalid,
    /// <summary><c>FieldValueNotSupported</c>.</summary>
    NotSupported,
    /// <summary><c>FieldValueDuplicate</c>.</summary>
    Duplicate,
    /// <summary><c>FieldValueForbidden</c>.</summary>
    Forbidden,
    /// <summary><c>FieldValueTooLong</c>.</summary>
    TooLong,
    /// <summary><c>FieldValueTooMany</c>.</summary>
    TooMany,
    /// <summary><c>FieldValueNotFound</c>.</summary>
    NotFound,
}
