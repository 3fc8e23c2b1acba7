using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Engine.Admission;

/// <summary>The text could not be decoded into an object.</summary>
internal sealed record ManifestNotDecoded(DecodeError Error)
    : AdmissionError(Error.Document is { } document ? $"{Error.Source}: document {document}" : Error.Source);
