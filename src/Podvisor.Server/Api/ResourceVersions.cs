using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>Requests for a resourceVersion the store has not reached yet.</summary>
internal static class ResourceVersions
{
    /// <summary>How long a request waits for the store to catch up (upstream watch cache's <c>blockTimeout</c>).</summary>
    public static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Returns once the store has reached <paramref name="wanted"/>; after <see cref="FreshnessWait"/> answers as the
    /// apiserver's watch cache does (<c>waitUntilFreshAndBlock</c>): 504 "Too large resource version".
    /// </summary>
    public static async Task WaitUntilFreshAsync(ObjectStore store, long wanted, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = store.ResourceVersion;
        if (wanted <= current)
        {
            return;
        }

        using var subscription = store.Hub.Subscribe(current);
        using var timer = new CancellationTokenSource(FreshnessWait, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await foreach (var change in subscription.Changes.ReadAllAsync(deadline.Token).ConfigureAwait(false))
            {
                if (change.ResourceVersion >= wanted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waited long enough.
        }

        throw ApiStatus.TooLargeResourceVersion(wanted, store.ResourceVersion);
    }
}
