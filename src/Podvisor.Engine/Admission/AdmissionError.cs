namespace Podvisor.Engine.Admission;

/// <summary>
/// Why admission refused something, as data: each face renders it its own way (the command line with the file and
/// line, the apiserver as a <c>Status</c>), so no face parses another's text.
/// </summary>
/// <param name="Origin">Where the object came from for messages: <c>pod.yaml</c>, <c>pod.yaml: document 2</c>, <c>… : items[0]</c>.</param>
public abstract record AdmissionError(string Origin);
