using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Engine.Admission;

/// <summary>
/// An admission error as the command line prints it (<c>run</c>, and <c>lint</c>'s PV000): kubectl's words, prefixed
/// with where it came from, <c>pod.yaml:12:3: …</c> when the position is known. The apiserver face maps the same
/// errors to a <c>Status</c> instead (Podvisor.Server's <c>PodDecoder</c> and <c>ApiStatus.Invalid</c>).
/// </summary>
public static class AdmissionErrorText
{
    /// <summary>Renders any admission error for the terminal: file, place and kubectl's words.</summary>
    public static string ForCommandLine(AdmissionError error) => error switch
    {
        ManifestNotDecoded decode => ForCommandLine(decode.Error),
        ObjectInvalid invalid => InvalidObjectMessage.ForKubectl(invalid.Kind, invalid.Name, invalid.FieldErrors),
        ObjectDuplicated duplicate =>
            $"{duplicate.Origin}: {duplicate.Resource} {FieldError.Quote(duplicate.Name)} already exists in namespace {FieldError.Quote(duplicate.Namespace)} (first defined in {duplicate.FirstOrigin})",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "unknown admission error"),
    };

    /// <summary>Renders a decoding error as <c>source:line:col: message</c> where its place is known.</summary>
    public static string ForCommandLine(DecodeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            { Position: { } at } => $"{error.Source}:{at.Line}:{at.Column}: {error.Message}",
            { Document: { } document } => $"{error.Source}: document {document}: {error.Message}",
            _ => $"{error.Source}: {error.Message}",
        };
    }
}
