using Podvisor.Engine.Events;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Pods;

/// <summary>Volume setup before any container starts (kubelet <c>WaitForAttachAndMount</c>), retried with the volume manager's back-off.</summary>
internal sealed partial class PodWorker
{
    private static readonly TimeSpan FirstMountRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxMountRetry = TimeSpan.FromSeconds(122);

    /// <summary>How long the kubelet's pod sync waits for volumes before it reports the pod as stuck.</summary>
    private static readonly TimeSpan MountWaitTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Returns once every volume is set up or deletion was requested. Until then no container starts:
    /// the pod stays Pending, its containers Waiting in ContainerCreating/PodInitializing, each failed
    /// attempt is a FailedMount warning, and every two minutes a FailedMount says the wait timed out.
    /// </summary>
    private async Task MountVolumesAsync()
    {
        var host = _context.Runtime.HostPaths ?? PortableHostPaths.Instance;
        var retry = FirstMountRetry;
        var timeout = _context.Time.GetUtcNow() + MountWaitTimeout;
        while (_volumes.SetUp(host) is { } failure)
        {
            // The timer exists before the event is seen, so whoever reacts to the event can move time past it.
            var wait = Task.Delay(retry, _context.Time, _passCancellation.Token);
            _journal.Event(null, EventType.Warning, EventReasons.FailedMount, failure);
            if (_context.Time.GetUtcNow() >= timeout)
            {
                _journal.Event(null, EventType.Warning, EventReasons.FailedMount, _volumes.TimedOutMessage());
                timeout += MountWaitTimeout;
            }

            Publish();
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_passCancellation.IsCancellationRequested)
            {
                return;
            }

            retry = retry * 2 > MaxMountRetry ? MaxMountRetry : retry * 2;
        }
    }
}
