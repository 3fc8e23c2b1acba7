namespace Podvisor.Server.Store;

/// <summary>
/// The store refused a write or found nothing to act on. It names the resource and object and knows nothing of HTTP:
/// the API layer maps each subtype to its <c>Status</c> (<c>Api/StoreErrors</c>).
/// </summary>
internal abstract class ObjectStoreException(string resource, string name, string message) : Exception(message)
{
    /// <summary>The resource's plural name, as apimachinery's messages and <c>details.kind</c> give it (<c>pods</c>).</summary>
    public string Resource { get; } = resource;

    public string Name { get; } = name;
}
