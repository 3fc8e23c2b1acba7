namespace Podvisor.Engine.Admission.Decoding;

/// <summary>Why a document could not be decoded.</summary>
public enum DecodeErrorKind
{
    /// <summary>Not YAML or JSON, too large, too deep, or expanding too far through aliases.</summary>
    Syntax,

    /// <summary>Not a Kubernetes object: no mapping, no apiVersion or kind, a List without items.</summary>
    NotAnObject,

    /// <summary>A kind or version this caller does not take.</summary>
    UnsupportedKind,

    /// <summary>A known field with a value of the wrong type.</summary>
    WrongType,

    /// <summary>
    /// Fields the schema does not have: apimachinery's strict decoding error, which the apiserver turns into
    /// warnings under <c>fieldValidation=Warn</c>; the only kind that is not fatal there.
    /// </summary>
    UnknownFields,
}
