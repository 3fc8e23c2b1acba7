namespace Podvisor.Server.Store;

/// <summary>
/// One change to a stored object as watches deliver it. The object is kept as its JSON text: every watcher
/// parses its own copy, since <c>JsonNode</c> trees are not safe to read from several threads.
/// </summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
/// <param name="Previous">
/// The object as it was stored before this change (null for ADDED). Selector watches need it to tell an object
/// that starts or stops matching (upstream's watch cache keeps <c>PrevObject</c> for the same reason), and a
/// paged list rebuilds its snapshot from it.
/// </param>
internal sealed record WatchEvent(string Type, ResourceKind Kind, string Namespace, long ResourceVersion, string Json, string? Previous = null);
