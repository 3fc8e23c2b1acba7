using System.Threading.Channels;
using Podvisor.Server.Store;

namespace Podvisor.Server.Watch;

/// <summary>One open watch's queue of changes; disposing it unsubscribes.</summary>
internal sealed class WatchSubscription(ChannelReader<WatchEvent> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;

    public ChannelReader<WatchEvent> Changes => reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
