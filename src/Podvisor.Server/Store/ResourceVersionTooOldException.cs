using System.Globalization;

namespace Podvisor.Server.Store;

/// <summary>
/// A watch or a consistent list asked for changes from before the watch history's horizon: they are gone, as etcd's
/// compacted revisions are. It knows no HTTP: <c>Api/StoreErrors</c> answers it with the apiserver's 410 Expired
/// (<c>errors.NewResourceExpired</c>, from the cacher's "too old resource version"), and a client relists.
/// </summary>
internal sealed class ResourceVersionTooOldException(long requested, long oldest)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"too old resource version: {requested} ({oldest})"))
{
    /// <summary>The resourceVersion asked for.</summary>
    public long Requested { get; } = requested;

    /// <summary>The oldest resourceVersion the history still holds changes after.</summary>
    public long Oldest { get; } = oldest;
}
