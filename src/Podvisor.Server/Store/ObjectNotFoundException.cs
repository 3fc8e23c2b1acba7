namespace Podvisor.Server.Store;

/// <summary>No object of that resource, namespace and name is stored.</summary>
internal sealed class ObjectNotFoundException(string resource, string name)
    : ObjectStoreException(resource, name, $"{resource} \"{name}\" not found");
