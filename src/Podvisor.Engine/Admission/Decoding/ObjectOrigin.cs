namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Where a decoded object came from, as data: the source, the document in a stream of several, and the index in a
/// List's items. Messages print it (<see cref="ToString"/>); the linter finds the object's YAML node from it.
/// </summary>
/// <param name="Source">The source's display name (a path, <c>-</c>, or empty for a request body).</param>
/// <param name="Document">The document's 1-based number when the source holds several, else null.</param>
/// <param name="Item">The 0-based index in the document's <c>items</c> when the document is a List, else null.</param>
public readonly record struct ObjectOrigin(string Source, int? Document, int? Item)
{
    /// <summary><c>pod.yaml</c>, <c>pod.yaml: document 2</c>, <c>pod.yaml: document 2: items[0]</c>.</summary>
    public override string ToString()
    {
        var text = Document is { } document ? $"{Source}: document {document}" : Source;
        return Item is { } item ? $"{text}: items[{item}]" : text;
    }
}
