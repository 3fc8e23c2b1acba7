using System.Text;
using System.Text.Json.Nodes;
using Podvisor.Server.Selectors;

namespace Podvisor.Server.Store;

/// <summary>
/// One change to a stored object as watches deliver it. The object is kept as its JSON text, since <c>JsonNode</c>
/// trees are not safe to read from several threads; what every watch of the change would otherwise redo (parsing it
/// for selectors, encoding it for the wire) is done once, by the first watch that needs it, and shared, as the
/// apiserver's watch cache keeps each event's labels and fields and its <c>cachingObject</c> serializes once per encoder.
/// </summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
/// <param name="Previous">
/// The object as it was stored before this change (null for ADDED). Selector watches need it to tell an object
/// that starts or stops matching (upstream's watch cache keeps <c>PrevObject</c> for the same reason), and a
/// paged list rebuilds its snapshot from it.
/// </param>
internal sealed record WatchEvent(string Type, ResourceKind Kind, string Namespace, long ResourceVersion, string Json, string? Previous = null)
{
    private Selectable? _selectable;
    private Selectable? _previousSelectable;
    private byte[]? _utf8;

    /// <summary>The object's labels and field values (computed once; a race computes the same value twice, harmlessly).</summary>
    public Selectable Selectable => LazyInitializer.EnsureInitialized(ref _selectable, () => Selectable.Of(Kind, JsonNode.Parse(Json)!.AsObject()));

    /// <summary>The previous object's labels and field values, or null for ADDED.</summary>
    public Selectable? PreviousSelectable => Previous is null
        ? null
        : LazyInitializer.EnsureInitialized(ref _previousSelectable, () => Selectable.Of(Kind, JsonNode.Parse(Previous)!.AsObject()));

    /// <summary>The object's JSON as UTF-8, the bytes a watch of the stored format sends.</summary>
    public ReadOnlyMemory<byte> Utf8Json => LazyInitializer.EnsureInitialized(ref _utf8, () => Encoding.UTF8.GetBytes(Json));

    /// <summary>Equal when the changes are: the shared caches are derived from them and do not count.</summary>
    public bool Equals(WatchEvent? other) =>
        other is not null && Type == other.Type && Kind == other.Kind && Namespace == other.Namespace
        && ResourceVersion == other.ResourceVersion && Json == other.Json && Previous == other.Previous;

    public override int GetHashCode() => HashCode.Combine(Type, Kind, Namespace, ResourceVersion, Json, Previous);
}
