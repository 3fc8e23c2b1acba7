namespace Podvisor.Server.Store;

/// <summary>
/// One change to a stored object as watches deliver it. The object is kept as its JSON text: every watcher
/// parses its own copy, since <c>JsonNode</c> trees are not safe to read from several threads.
/// </summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
internal sealed record WatchEvent(string Type, ResourceKind Kind, string Namespace, long ResourceVersion, string Json);
