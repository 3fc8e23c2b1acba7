namespace Podvisor.Engine.Admission;

/// <summary>The closed set of apimachinery <c>field.ErrorType</c>s admission can report.</summary>
public enum FieldErrorType
{
    Required,
    Invalid,
    NotSupported,
    Duplicate,
    Forbidden,
    TooLong,
    TooMany,
    NotFound,
}
