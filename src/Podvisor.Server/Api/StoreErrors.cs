using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// The store's typed refusals as the apiserver answers them (apimachinery <c>errors.NewNotFound</c>,
/// <c>NewAlreadyExists</c>, <c>NewResourceExpired</c>), and the tests callers use to recognise a refusal whichever layer raised it.
/// </summary>
internal static class StoreErrors
{
    public static ApiException ToApi(Exception error) => error switch
    {
        ObjectNotFoundException e => ApiStatus.NotFound(e.Resource, e.Name),
        ObjectAlreadyExistsException e => ApiStatus.AlreadyExists(e.Resource, e.Name),
        ResourceVersionTooOldException e => ApiStatus.Expired(e.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "unknown store error"),
    };

    /// <summary>A refusal raised by the store or its watch history (as opposed to a handler's <c>ApiException</c>).</summary>
    public static bool IsStoreRefusal(Exception error) => error is ObjectStoreException or ResourceVersionTooOldException;

    /// <summary>A 404: the store found no such object, or a handler said so.</summary>
    public static bool IsNotFound(Exception error) => error is ObjectNotFoundException or ApiException { Code: 404 };

    /// <summary>A 409: the name is taken, or a precondition or resourceVersion did not match.</summary>
    public static bool IsConflict(Exception error) => error is ObjectAlreadyExistsException or ApiException { Code: 409 };

    /// <summary>Any refusal the API would answer with a <c>Status</c>, as opposed to a bug or an I/O failure.</summary>
    public static bool IsRefusal(Exception error) => IsStoreRefusal(error) || error is ApiException;

    /// <summary>The refusal's HTTP code (the store's mapped), for callers that choose by it.</summary>
    public static int CodeOf(Exception error) => error switch
    {
        ApiException api => api.Code,
        _ when IsStoreRefusal(error) => ToApi(error).Code,
        _ => 500,
    };
}
