namespace Podvisor.Engine.Admission;

/// <summary>A decoded object failed the apiserver's validation (<c>errors.NewInvalid</c>: 422 Invalid with causes).</summary>
/// <param name="Kind">The object's Kind: <c>Pod</c>, <c>ConfigMap</c>, <c>Secret</c>.</param>
/// <param name="FieldErrors">Every field error, in the validators' order; never empty.</param>
internal sealed record ObjectInvalid(string Origin, string Kind, string Name, IReadOnlyList<FieldError> FieldErrors) : AdmissionError(Origin);
