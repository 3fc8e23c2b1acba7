namespace Podvisor.Server.Store;

/// <summary>A create found an object of that resource, namespace and name already stored.</summary>
internal sealed class ObjectAlreadyExistsException(string resource, string name)
    : ObjectStoreException(resource, name, $"{resource} \"{name}\" already exists");
