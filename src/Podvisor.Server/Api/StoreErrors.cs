using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// The store's typed refusals as the apiserver answers them (apimachinery <c>errors.NewNotFound</c>,
/// <c>NewAlreadyExists</c>), and the tests callers use to recognise a refusal whichever layer raised it.
/// </summary>
internal static class StoreErrors
{
    public static ApiException ToApi(ObjectStoreException error) => error switch
    {
        ObjectNotFoundException e => ApiStatus.NotFound(e.Resource, e.Name),
        ObjectAlreadyExistsException e => ApiStatus.AlreadyExists(e.Resource, e.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "unknown store error"),
    };

    /// <summary>A 404: the store found no such object, or a handler said so.</summary>
    public static bool IsNotFound(Exception error) => error is ObjectNotFoundException or ApiException { Code: 404 };

    /// <summary>A 409: the name is taken, or a precondition or resourceVersion did not match.</summary>
    public static bool IsConflict(Exception error) => error is ObjectAlreadyExistsException or ApiException { Code: 409 };

    /// <summary>Any refusal the API would answer with a <c>Status</c>, as opposed to a bug or an I/O failure.</summary>
    public static bool IsRefusal(Exception error) => error is ObjectStoreException or ApiException;

    /// <summary>The refusal's HTTP code (the store's mapped), for callers that choose by it.</summary>
    public static int CodeOf(Exception error) => error switch
    {
        ApiException api => api.Code,
        ObjectStoreException store => ToApi(store).Code,
        _ => 500,
    };
}
