namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// One thing the decoder could not turn into an object, with where it was as data (never folded into the text), so
/// that the command line can print <c>pod.yaml:3:5: …</c> and the apiserver face only the message.
/// </summary>
/// <param name="Source">The source's display name (a path, <c>-</c>, or empty for a request body).</param>
/// <param name="Document">The document's 1-based number when the source holds several, else null.</param>
/// <param name="Message">The problem, in the words kubectl or the apiserver use, without any origin.</param>
public sealed record DecodeError(DecodeErrorKind Kind, string Source, int? Document, string Message)
{
    /// <summary>The line and column the problem is at, when the parser or the schema walk knows them.</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>For <see cref="DecodeErrorKind.UnknownFields"/>: each unknown field's full path, in document order.</summary>
    public IReadOnlyList<string> UnknownFields { get; init; } = [];

    /// <summary>For <see cref="DecodeErrorKind.WrongType"/>: the full path of the field whose value has the wrong type.</summary>
    public string? Field { get; init; }

    /// <summary>The 0-based index in a List's <c>items</c> of the object the problem is in, when it is in one.</summary>
    public int? Item { get; init; }

    /// <summary>For <see cref="DecodeErrorKind.UnsupportedKind"/>: the kind that was refused.</summary>
    public string? ObjectKind { get; init; }
}
